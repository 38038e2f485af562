import NIOCore
import RTP

/// Packets shaped like what a browser sends, for the benchmarks.
enum SamplePackets {
    /// A 1,200-byte VP8 RTP packet as Chromium sends it: one-byte header
    /// extensions (MID, abs-send-time, transport-wide sequence number) and a
    /// VP8 descriptor with a 15-bit picture ID, TL0PICIDX and TID.
    static func vp8() -> ByteBuffer {
        var payload = ByteBuffer()
        VP8PayloadDescriptor(
            isStartOfPartition: true, pictureID: 0x1234, hasLongPictureID: true,
            tl0PictureIndex: 9, temporalLayerIndex: 0
        ).write(into: &payload)
        payload.writeRepeatingByte(0xA5, count: 1_200 - 12 - 16 - payload.readableBytes)
        let fields = RTPPacketFields(
            marker: false, payloadType: 96, sequenceNumber: 4_000, timestamp: 90_000, ssrc: 0x1111_2222,
            headerExtension: .elements([
                RTPHeaderExtensionElement(id: 1, value: Array("0".utf8)),
                RTPHeaderExtensionElement(id: 2, value: [0x12, 0x34, 0x56]),
                RTPHeaderExtensionElement(id: 3, value: [0x00, 0x01]),
            ]),
            payload: payload)
        return try! fields.encoded()
    }
}
