import MediaNegotiation
import RTP
import SDP

/// The payload types the server uses in every subscribe PC: fixed, so that
/// one payload type means one codec across the bundled m-lines (RFC 8843
/// §9.1) whatever each publisher used. The numbers are the codec family's.
enum ServerCodecs {
    /// For a codec outside the families (RED over Opus).
    static let otherAudioPayloadType: UInt8 = 110
    static let otherVideoPayloadType: UInt8 = 100
    static let otherRTXPayloadType: UInt8 = 101

    static func codecs(forwarding media: PublishedMedia) -> [MediaCodec] {
        guard let source = media.codecs.first else { return [] }
        var codec = source.codec
        let family = CodecFamily(name: codec.name)
        codec.payloadType = family?.serverPayloadType
            ?? (media.kind == .audio ? otherAudioPayloadType : otherVideoPayloadType)
        guard media.kind == .video else {
            codec.feedback = codec.feedback.map { feedback in
                var copy = feedback
                copy.formats = .payloadType(codec.payloadType)
                return copy
            }
            return [MediaCodec(codec: codec)]
        }
        // The subscribe PC's own RTCP loop, whatever the publisher
        // negotiated: NACK with RTX (RFC 4588), PLI, FIR, TWCC and REMB.
        codec.feedback = OutgoingTrack.videoFeedback(payloadType: codec.payloadType)
        return [MediaCodec(codec: codec, rtxPayloadType: family?.serverRTXPayloadType ?? otherRTXPayloadType)]
    }
}
