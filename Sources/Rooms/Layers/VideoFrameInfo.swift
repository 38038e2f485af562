import NIOCore
import RTP

/// What the layer logic reads from a publisher's video packet, once per
/// packet: whether it starts a keyframe, its VP8 temporal layer, and the
/// frame size a VP8 keyframe declares (RFC 6386 §9.1).
struct VideoFrameInfo {
    var sequenceNumber: UInt16 = 0
    var isKeyframe = false
    /// VP8 TID (RFC 7741 §4.2), nil when the stream has no temporal layers.
    var temporalLayer: UInt8?
    /// VP8 picture ID and its width, when present.
    var pictureID: UInt16?
    var hasLongPictureID = true
    var width: Int?
    var height: Int?

    init() {}

    init(_ packet: RTPPacket, codec: ForwardedCodec?) {
        sequenceNumber = packet.sequenceNumber
        guard let codec, let payload = packet.header.payload(in: packet.buffer), payload.readableBytes > 0 else {
            return
        }
        switch codec {
        case .vp8:
            guard let descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return }
            temporalLayer = descriptor.temporalLayerIndex
            pictureID = descriptor.pictureID
            hasLongPictureID = descriptor.hasLongPictureID
            isKeyframe = descriptor.startsKeyframe(payload: payload)
            if isKeyframe { readVP8FrameSize(payload, at: payload.readerIndex + descriptor.length) }
        case let other:
            isKeyframe = other.startsKeyframe(payload: payload) ?? false
        }
    }

    /// A VP8 keyframe: 3-byte frame tag, start code 9d 01 2a, then 14-bit
    /// little-endian width and height.
    private mutating func readVP8FrameSize(_ payload: ByteBuffer, at index: Int) {
        guard let bytes = payload.getBytes(at: index, length: 10), bytes[3] == 0x9D, bytes[4] == 0x01,
            bytes[5] == 0x2A
        else { return }
        width = (Int(bytes[6]) | Int(bytes[7]) << 8) & 0x3FFF
        height = (Int(bytes[8]) | Int(bytes[9]) << 8) & 0x3FFF
    }
}
