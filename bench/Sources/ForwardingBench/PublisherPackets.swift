import NIOCore
import RTP

/// Pre-made publisher packets, one full turn of the 16-bit sequence space
/// so the ring can be replayed without the numbers ever stepping back.
/// Timestamps advance 2^16 ticks per packet (video: per 4-packet frame,
/// 2^18), so they wrap exactly when the sequence numbers do.
struct PublisherPackets {
    static let count = 65_536
    let video: [ByteBuffer]
    let audio: [ByteBuffer]

    init(videoSSRC: UInt32, videoPayloadType: UInt8, audioSSRC: UInt32, audioPayloadType: UInt8) {
        var video: [ByteBuffer] = []
        var audio: [ByteBuffer] = []
        video.reserveCapacity(Self.count)
        audio.reserveCapacity(Self.count)
        for index in 0..<Self.count {
            let sequence = UInt16(truncatingIfNeeded: index)
            let frame = UInt32(index / 4)
            // A keyframe every 1,024 frames; a frame is 4 packets of ~1,000 bytes.
            let keyframe = frame % 1_024 == 0
            var payload = ByteBuffer()
            VP8PayloadDescriptor(
                isStartOfPartition: index % 4 == 0, pictureID: UInt16(truncatingIfNeeded: frame) & 0x7FFF
            ).write(into: &payload)
            payload.writeBytes(keyframe ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A] : [0x11, 0x02, 0x00])
            payload.writeRepeatingByte(0x55, count: 1_000)
            video.append(
                Self.packet(
                    payloadType: videoPayloadType, sequence: sequence, timestamp: frame << 18, ssrc: videoSSRC,
                    marker: index % 4 == 3, payload: payload))
            var opus = ByteBuffer()
            opus.writeRepeatingByte(0xFC, count: 120)
            audio.append(
                Self.packet(
                    payloadType: audioPayloadType, sequence: sequence, timestamp: UInt32(index) << 16, ssrc: audioSSRC,
                    marker: false, payload: opus))
        }
        self.video = video
        self.audio = audio
    }

    private static func packet(
        payloadType: UInt8, sequence: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool, payload: ByteBuffer
    ) -> ByteBuffer {
        let fields = RTPPacketFields(
            marker: marker, payloadType: payloadType, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc,
            payload: payload)
        guard let encoded = try? fields.encoded() else { fatalError("sample packet does not encode") }
        return encoded
    }
}
