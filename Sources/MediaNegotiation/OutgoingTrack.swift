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
                        payloadType: 111, name: "opus", clockRate: 48000, channels: 2,
                        parameterText: "minptime=10;useinbandfec=1"))
            ]
        case .video:
            [
                MediaCodec(
                    codec: Codec(payloadType: 96, name: "VP8", clockRate: 90000, feedback: videoFeedback(payloadType: 96)),
                    rtxPayloadType: 97)
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
