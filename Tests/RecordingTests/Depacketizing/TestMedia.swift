import COpus
import Foundation
import CVPX
import NIOCore
import RTP
import Recording
import TestSupport

/// One encoded frame and whether the encoder made it a keyframe.
struct EncodedFrame {
    var bytes: [UInt8]
    var isKeyframe: Bool
}

enum TestMedia {
    /// `count` VP8 frames of a moving noisy 320x240 picture from libvpx,
    /// a keyframe forced every `keyframeInterval`.
    static func vp8Frames(count: Int, keyframeInterval: Int) -> [EncodedFrame] {
        let width: UInt32 = 320
        let height: UInt32 = 240
        var config = vpx_codec_enc_cfg_t()
        guard vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK else { return [] }
        config.g_w = width
        config.g_h = height
        config.g_timebase = vpx_rational(num: 1, den: 30)
        config.rc_target_bitrate = 3_000
        config.g_lag_in_frames = 0
        config.g_threads = 1
        config.kf_mode = VPX_KF_DISABLED
        let context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        defer { context.deallocate() }
        guard switchboard_vpx_codec_enc_init(context, vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK else { return [] }
        defer { vpx_codec_destroy(context) }
        var image = vpx_image_t()
        guard vpx_img_alloc(&image, VPX_IMG_FMT_I420, width, height, 16) != nil else { return [] }
        defer { vpx_img_free(&image) }

        var frames: [EncodedFrame] = []
        var noise: UInt32 = 12_345
        for index in 0..<count {
            let planes = [image.planes.0, image.planes.1, image.planes.2]
            let strides = [image.stride.0, image.stride.1, image.stride.2]
            for plane in 0..<3 {
                let w = Int(plane == 0 ? width : width / 2)
                let h = Int(plane == 0 ? height : height / 2)
                guard let base = planes[plane] else { continue }
                for y in 0..<h {
                    let row = base + y * Int(strides[plane])
                    for x in 0..<w {
                        noise = noise &* 1_103_515_245 &+ 12_345
                        let gradient = (x &+ y &* 2 &+ index &* 4) & 0xFF
                        row[x] = UInt8(truncatingIfNeeded: gradient ^ Int(noise >> 27))
                    }
                }
            }
            let flags: vpx_enc_frame_flags_t = index % keyframeInterval == 0 ? vpx_enc_frame_flags_t(VPX_EFLAG_FORCE_KF) : 0
            guard vpx_codec_encode(context, &image, vpx_codec_pts_t(index), 1, flags, UInt(VPX_DL_REALTIME)) == VPX_CODEC_OK
            else { return frames }
            var iterator: vpx_codec_iter_t? = nil
            while let packet = vpx_codec_get_cx_data(context, &iterator) {
                guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
                let frame = packet.pointee.data.frame
                let bytes = Array(UnsafeRawBufferPointer(start: frame.buf, count: frame.sz))
                frames.append(EncodedFrame(bytes: bytes, isKeyframe: frame.flags & vpx_codec_frame_flags_t(VPX_FRAME_IS_KEY) != 0))
            }
        }
        return frames
    }

    /// `count` 20 ms Opus packets of a 440 Hz tone, mono 48 kHz.
    static func opusPackets(count: Int) -> [[UInt8]] {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_AUDIO, &error) else { return [] }
        defer { opus_encoder_destroy(encoder) }
        var packets: [[UInt8]] = []
        var output = [UInt8](repeating: 0, count: 1_500)
        for index in 0..<count {
            let pcm: [Int16] = (0..<960).map { sample in
                let t = Double(index * 960 + sample) / 48_000
                return Int16(8_000 * sin(2 * Double.pi * 440 * t))
            }
            let length = opus_encode(encoder, pcm, 960, &output, Int32(output.count))
            guard length > 0 else { return packets }
            packets.append(Array(output[0..<Int(length)]))
        }
        return packets
    }
}

/// RTP packets for frames' payloads: consecutive sequence numbers from
/// `firstSequence`, the frame's timestamp, the marker from the packetizer.
func rtpPackets(
    frames payloads: [[PacketizedPayload]], timestamps: [UInt32], firstSequence: UInt16,
    headerExtension: RTPHeaderExtensionBlock? = nil
) throws -> [RTPPacket] {
    var packets: [RTPPacket] = []
    var sequence = firstSequence
    for (frame, timestamp) in zip(payloads, timestamps) {
        for piece in frame {
            let fields = RTPPacketFields(
                marker: piece.marker, payloadType: 96, sequenceNumber: sequence, timestamp: timestamp,
                ssrc: 0x1234_5678, headerExtension: headerExtension, payload: piece.payload)
            packets.append(try RTPPacket(parsing: fields.encoded()))
            sequence &+= 1
        }
    }
    return packets
}

/// Shuffles packets within consecutive windows (the first packet stays
/// first: it sets the reorder buffer's start), drops those at `drop`, and
/// passes them through a `ReorderBuffer` 1 ms apart, then flushes it.
/// Returns what the buffer released, in order, and the lost runs.
func reordered(
    _ packets: [RTPPacket], window: Int, seed: UInt64, drop: Set<Int> = [], maxDelay: TimeAmount = .milliseconds(50)
) -> (packets: [RTPPacket], lost: [(UInt16, Int)]) {
    var random = SeededRandom(seed: seed)
    var order = Array(packets.indices).filter { !drop.contains($0) }
    var start = 1
    while start < order.count {
        let end = min(start + window, order.count)
        order[start..<end].shuffle(using: &random)
        start = end
    }
    var buffer = ReorderBuffer(maxDelay: maxDelay, maxPackets: 64)
    var released: [RTPPacket] = []
    var lost: [(UInt16, Int)] = []
    let origin = NIODeadline.uptimeNanoseconds(1_000_000_000)
    func drain(at now: NIODeadline, flushing: Bool) {
        while let output = buffer.next(at: now, flushing: flushing) {
            switch output {
            case .packet(let packet): released.append(packet)
            case .lost(let first, let count): lost.append((first, count))
            }
        }
    }
    for (step, index) in order.enumerated() {
        let now = origin + .milliseconds(Int64(step))
        buffer.insert(packets[index], at: now)
        drain(at: now, flushing: false)
    }
    drain(at: origin + .seconds(60), flushing: true)
    return (released, lost)
}
