import NIOCore

/// What the server reads from one packet's payload descriptor
/// (`CodecFamily.parsePayload`): parsed once per received packet and handed
/// to every stage that needs it (layer choice, each subscriber's rewriter).
public struct CodecPayloadInfo: Sendable, Hashable {
    /// Whether the packet starts a keyframe.
    public var isKeyframe: Bool
    /// The VP8 descriptor: its temporal layer is read, its picture ID and
    /// TL0PICIDX rewritten per subscriber.
    public var vp8: VP8PayloadDescriptor?
    /// The frame size a VP8 keyframe declares (RFC 6386 §9.1).
    public var width: Int?
    public var height: Int?

    public init(isKeyframe: Bool, vp8: VP8PayloadDescriptor? = nil) {
        self.isKeyframe = isKeyframe
        self.vp8 = vp8
    }

    /// A VP8 packet's, with the size read from a keyframe's header.
    init(vp8 descriptor: VP8PayloadDescriptor, payload: ByteBuffer) {
        self.init(isKeyframe: descriptor.startsKeyframe(payload: payload), vp8: descriptor)
        if isKeyframe { readVP8FrameSize(payload, at: payload.readerIndex + descriptor.length) }
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
