import NIOCore
import RTP

/// What the forwarder reads from a publisher's packet, once per packet:
/// its codec family and parsed payload descriptor, handed to the layer
/// logic and to every subscriber's rewriter so none parses it again.
struct VideoFrameInfo {
    var sequenceNumber: UInt16 = 0
    /// The family of the packet's payload type; nil when the forwarder
    /// does not look into it (unknown or opaque codec).
    var family: CodecFamily?
    /// The parsed descriptor; nil with a family means malformed.
    var payload: CodecPayloadInfo?

    init() {}

    init(_ packet: RTPPacket, family: CodecFamily?) {
        sequenceNumber = packet.sequenceNumber
        guard let family, let payload = packet.header.payload(in: packet.buffer), payload.readableBytes > 0 else {
            return
        }
        self.family = family
        self.payload = family.parsePayload(payload)
    }

    var isKeyframe: Bool { payload?.isKeyframe ?? false }
    /// VP8 TID (RFC 7741 §4.2), nil when the stream has no temporal layers.
    var temporalLayer: UInt8? { payload?.vp8?.temporalLayerIndex }
    /// VP8 picture ID and its width, when present.
    var pictureID: UInt16? { payload?.vp8?.pictureID }
    var hasLongPictureID: Bool { payload?.vp8?.hasLongPictureID ?? true }
    var width: Int? { payload?.width }
    var height: Int? { payload?.height }
}
