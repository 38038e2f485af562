/// One media section (RFC 8866 §5.14): the `m=` line and the `i=`, `c=`,
/// `b=`, `k=` and `a=` lines under it.
public struct MediaDescription: SDPAttributeCarrier, Hashable, Sendable {
    /// `audio`, `video`, `application`, ...
    public var media: String
    /// The transport port; 0 rejects or disables the section (RFC 8829 §5.3.1),
    /// 9 is the JSEP placeholder for trickle ICE.
    public var port: UInt16
    /// The `/<number of ports>` after the port, if written.
    public var portCount: UInt16?
    /// The transport protocol, e.g. `UDP/TLS/RTP/SAVPF` or `UDP/DTLS/SCTP`.
    public var proto: String
    /// The formats: RTP payload types as decimal text, or e.g. `webrtc-datachannel`.
    public var formats: [String]
    /// `i=`.
    public var information: String?
    /// `c=` lines.
    public var connections: [Connection]
    /// `b=` lines.
    public var bandwidths: [Bandwidth]
    /// `k=`, as written.
    public var encryptionKey: String?
    /// Media-level `a=` lines in order.
    public var attributes: [SDPAttribute]

    public init(
        media: String, port: UInt16 = 9, portCount: UInt16? = nil, proto: String = "UDP/TLS/RTP/SAVPF",
        formats: [String] = [], information: String? = nil, connections: [Connection] = [],
        bandwidths: [Bandwidth] = [], encryptionKey: String? = nil, attributes: [SDPAttribute] = []
    ) {
        self.media = media
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
        self.information = information
        self.connections = connections
        self.bandwidths = bandwidths
        self.encryptionKey = encryptionKey
        self.attributes = attributes
    }

    /// The formats that are RTP payload types, in m-line order.
    public var payloadTypes: [UInt8] {
        formats.compactMap { try? RTPMap.payloadType($0[...]) }
    }

    /// True when the port is 0: a rejected or removed section (RFC 8829 §5.3.1),
    /// unless it is `a=bundle-only` (RFC 9143 §6).
    public var isRejected: Bool { port == 0 && !hasAttribute("bundle-only") }

    /// The text after `m=`.
    public var lineText: String {
        var text = media + " \(port)"
        if let portCount { text += "/\(portCount)" }
        text += " " + proto
        for format in formats { text += " " + format }
        return text
    }
}
