/// The RTP header extensions the server negotiates (RFC 8285 `a=extmap`),
/// by URI.
public enum HeaderExtensionURI {
    /// RFC 9143 / RFC 8843 §15: the m-line's MID, for BUNDLE demultiplexing.
    public static let mid = "urn:ietf:params:rtp-hdrext:sdes:mid"
    /// RFC 8852: the simulcast layer (RtpStreamId).
    public static let rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    /// RFC 8852: the layer an RTX stream repairs.
    public static let repairedRID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
    /// Absolute send time (webrtc.org), for receive-side estimation.
    public static let absSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
    /// Transport-wide sequence numbers for TWCC feedback.
    public static let transportWideCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    /// RFC 6464: client-to-mixer audio level.
    public static let audioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
}

/// The extension IDs negotiated on one m-line: URI to ID (1-14 one-byte,
/// up to 255 two-byte).
public struct HeaderExtensionIDs: Sendable, Hashable {
    public private(set) var idsByURI: [String: UInt8]

    public init(_ idsByURI: [String: UInt8] = [:]) {
        self.idsByURI = idsByURI
    }

    public subscript(uri: String) -> UInt8? {
        get { idsByURI[uri] }
        set { idsByURI[uri] = newValue }
    }

    /// The URI negotiated for `id`, if any.
    public func uri(forID id: UInt8) -> String? {
        idsByURI.first { $0.value == id }?.key
    }
}
