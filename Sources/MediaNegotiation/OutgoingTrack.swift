import RTP
import SDP

/// A track the server forwards to a subscriber, as the subscribe offer
/// describes it.
public struct OutgoingTrack: Sendable, Hashable {
    /// The server's track id (docs/protocol.md "track"); the msid track id.
    public var trackID: String
    public var kind: MediaKind
    /// The msid stream id: the publishing participant's id, so a browser
    /// groups one participant's tracks into one MediaStream.
    public var streamID: String
    /// The codecs the server will send, in the server's payload types,
    /// preferred first, with their RTX partners.
    public var codecs: [MediaCodec]
    /// The header extensions to offer, with the server's ids.
    public var headerExtensions: HeaderExtensionIDs

    public init(
        trackID: String, kind: MediaKind, streamID: String, codecs: [MediaCodec]? = nil,
        headerExtensions: HeaderExtensionIDs? = nil
    ) {
        self.trackID = trackID
        self.kind = kind
        self.streamID = streamID
        self.codecs = codecs ?? Self.defaultCodecs(for: kind)
        self.headerExtensions = headerExtensions ?? Self.defaultHeaderExtensions(for: kind)
    }

    /// The feedback offered with every video codec: NACK and PLI (RFC 4585),
    /// FIR (RFC 5104), REMB and transport-wide CC.
    public static func videoFeedback(payloadType: UInt8) -> [RTCPFeedback] {
        [
            RTCPFeedback(payloadType: payloadType, type: "goog-remb"),
            RTCPFeedback(payloadType: payloadType, type: "transport-cc"),
            RTCPFeedback(payloadType: payloadType, type: "ccm", subtype: "fir"),
            RTCPFeedback(payloadType: payloadType, type: "nack"),
            RTCPFeedback(payloadType: payloadType, type: "nack", subtype: "pli"),
        ]
    }

    /// Opus 111 (Chrome's numbers), or VP8 96 with RTX 97.
    public static func defaultCodecs(for kind: MediaKind) -> [MediaCodec] {
        switch kind {
        case .audio:
            [
                MediaCodec(
                    codec: Codec(
                        payloadType: CodecFamily.opus.serverPayloadType, name: CodecFamily.opus.rtpmapName,
                        clockRate: CodecFamily.opus.clockRate, channels: CodecFamily.opus.channels,
                        parameterText: "minptime=10;useinbandfec=1"))
            ]
        case .video:
            [
                MediaCodec(
                    codec: Codec(
                        payloadType: CodecFamily.vp8.serverPayloadType, name: CodecFamily.vp8.rtpmapName,
                        clockRate: CodecFamily.vp8.clockRate,
                        feedback: videoFeedback(payloadType: CodecFamily.vp8.serverPayloadType)),
                    rtxPayloadType: CodecFamily.vp8.serverRTXPayloadType)
            ]
        }
    }

    /// The same ids on every m-line of the bundle, as RFC 8843 §9.1 requires
    /// of one URI across bundled m-lines: audio-level 1, abs-send-time 2,
    /// transport-wide CC 3 (video only), mid 4.
    public static func defaultHeaderExtensions(for kind: MediaKind) -> HeaderExtensionIDs {
        switch kind {
        case .audio:
            HeaderExtensionIDs([
                HeaderExtensionURI.audioLevel: 1, HeaderExtensionURI.absSendTime: 2, HeaderExtensionURI.mid: 4,
            ])
        case .video:
            HeaderExtensionIDs([
                HeaderExtensionURI.absSendTime: 2, HeaderExtensionURI.transportWideCC: 3, HeaderExtensionURI.mid: 4,
            ])
        }
    }
}
