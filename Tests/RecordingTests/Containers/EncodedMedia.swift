import COpus
import CVPX
import Foundation

/// Real media encoded with the system libvpx and libopus for the container tests.
struct EncodedMedia: Sendable {
    struct Frame: Sendable {
        var data: [UInt8]
        var timestamp: Int64  // ms
        var isKeyframe: Bool
    }

    var video: [Frame]
    var audio: [Frame]

    /// 3 s: 320x240 VP8 at 30 fps (a square moving over a gradient, keyframe every 30 frames)
    /// and a 440 Hz stereo sine in 20 ms Opus frames. Encoded once per test process.
    static let threeSeconds = EncodedMedia(seconds: 3)

    init(seconds: Int) {
        video = Self.encodeVP8(frames: seconds * 30, width: 320, height: 240)
        audio = Self.encodeOpus(frames: seconds * 50)
    }

    /// Both tracks in timestamp order, as a recorder would see them.
    var interleaved: [(frame: Frame, isVideo: Bool)] {
        let all = video.map { ($0, true) } + audio.map { ($0, false) }
        return all.sorted { $0.0.timestamp < $1.0.timestamp || ($0.0.timestamp == $1.0.timestamp && $0.1 && !$1.1) }
    }

    static func encodeVP8(frames: Int, width: Int, height: Int) -> [Frame] {
        var config = vpx_codec_enc_cfg_t()
        guard vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK else { return [] }
        config.g_w = UInt32(width)
        config.g_h = UInt32(height)
        config.g_timebase = vpx_rational(num: 1, den: 30)
        config.rc_target_bitrate = 400
        config.g_lag_in_frames = 0
        config.kf_mode = VPX_KF_DISABLED  // keyframes only where forced
        let context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        defer { context.deallocate() }
        guard switchboard_vpx_codec_enc_init(context, vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK else { return [] }
        defer { vpx_codec_destroy(context) }
        guard let image = vpx_img_alloc(nil, VPX_IMG_FMT_I420, UInt32(width), UInt32(height), 1) else { return [] }
        defer { vpx_img_free(image) }

        var output: [Frame] = []
        func drain() {
            var iterator: vpx_codec_iter_t?
            while let packet = vpx_codec_get_cx_data(context, &iterator) {
                guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
                let frame = packet.pointee.data.frame
                let bytes = Array(UnsafeRawBufferPointer(start: frame.buf, count: frame.sz))
                let isKey = frame.flags & UInt32(VPX_FRAME_IS_KEY) != 0
                output.append(Frame(data: bytes, timestamp: frame.pts * 1000 / 30, isKeyframe: isKey))
            }
        }
        for index in 0..<frames {
            fill(image.pointee, width: width, height: height, frame: index)
            let flags = index % 30 == 0 ? vpx_enc_frame_flags_t(VPX_EFLAG_FORCE_KF) : 0
            _ = vpx_codec_encode(context, image, vpx_codec_pts_t(index), 1, flags, UInt(VPX_DL_REALTIME))
            drain()
        }
        _ = vpx_codec_encode(context, nil, -1, 1, 0, UInt(VPX_DL_REALTIME))
        drain()
        return output
    }

    static func fill(_ image: vpx_image_t, width: Int, height: Int, frame: Int) {
        let (luma, lumaStride) = (image.planes.0!, Int(image.stride.0))
        let squareX = (frame * 4) % (width - 40), squareY = (frame * 2) % (height - 40)
        for y in 0..<height {
            for x in 0..<width {
                let inSquare = x >= squareX && x < squareX + 40 && y >= squareY && y < squareY + 40
                luma[y * lumaStride + x] = inSquare ? 235 : UInt8(truncatingIfNeeded: 16 + (x + y) / 4)
            }
        }
        for (plane, stride, value) in [(image.planes.1!, Int(image.stride.1), UInt8(100)), (image.planes.2!, Int(image.stride.2), UInt8(160))] {
            for y in 0..<(height / 2) {
                for x in 0..<(width / 2) { plane[y * stride + x] = value &+ UInt8(truncatingIfNeeded: frame) }
            }
        }
    }

    static func encodeOpus(frames: Int) -> [Frame] {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 2, OPUS_APPLICATION_AUDIO, &error), error == OPUS_OK else { return [] }
        defer { opus_encoder_destroy(encoder) }
        _ = switchboard_opus_set_bitrate(encoder, 48_000)
        var output: [Frame] = []
        var pcm = [Int16](repeating: 0, count: 960 * 2)
        var packet = [UInt8](repeating: 0, count: 4_000)
        for index in 0..<frames {
            for sample in 0..<960 {
                let time = Double(index * 960 + sample) / 48_000
                let value = Int16(8_000 * sin(2 * Double.pi * 440 * time))
                pcm[2 * sample] = value
                pcm[2 * sample + 1] = value
            }
            let length = opus_encode(encoder, pcm, 960, &packet, Int32(packet.count))
            guard length > 0 else { continue }
            output.append(Frame(data: Array(packet[0..<Int(length)]), timestamp: Int64(index) * 20, isKeyframe: true))
        }
        return output
    }
}
