/// An ICE candidate (RFC 8839 §5.1):
/// `<foundation> <component> <transport> <priority> <address> <port> typ <type>
/// [raddr <address>] [rport <port>] *(<extension name> <extension value>)`,
/// e.g. `3125450467 1 udp 2122260223 127.0.0.1 57713 typ host generation 0`.
/// `tcptype` (RFC 6544 §4.5) is read into its own field; other extensions
/// (`generation`, `ufrag`, `network-id`, `network-cost`) stay in order.
public struct ICECandidate: SDPAttributeValue {
    public static let attributeName = "candidate"

    public enum CandidateType: Hashable, Sendable {
        case host, serverReflexive, peerReflexive, relayed
        case other(String)

        init(_ text: Substring) {
            switch text {
            case "host": self = .host
            case "srflx": self = .serverReflexive
            case "prflx": self = .peerReflexive
            case "relay": self = .relayed
            default: self = .other(String(text))
            }
        }

        /// The token written after `typ`.
        public var text: String {
            switch self {
            case .host: "host"
            case .serverReflexive: "srflx"
            case .peerReflexive: "prflx"
            case .relayed: "relay"
            case .other(let text): text
            }
        }
    }

    /// One extension name/value pair after the fixed fields.
    public struct Extension: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var foundation: String
    /// 1 for RTP, 2 for RTCP without rtcp-mux.
    public var component: UInt16
    /// `udp`/`tcp` as written (RFC 8839 compares it case-insensitively).
    public var transport: String
    public var priority: UInt32
    /// An IP address or, for mDNS candidates, a `.local` host name.
    public var address: String
    public var port: UInt16
    public var type: CandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    /// `active`, `passive` or `so` for TCP candidates (RFC 6544).
    public var tcpType: String?
    public var extensions: [Extension]

    public init(
        foundation: String, component: UInt16, transport: String, priority: UInt32,
        address: String, port: UInt16, type: CandidateType,
        relatedAddress: String? = nil, relatedPort: UInt16? = nil, tcpType: String? = nil,
        extensions: [Extension] = []
    ) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.tcpType = tcpType
        self.extensions = extensions
    }

    /// Parses the attribute value; a leading `candidate:` (as in the
    /// signaling `candidate` string of RTCIceCandidate) is accepted too.
    public init(parsing value: Substring) throws(SDPAttributeError) {
        let body = value.hasPrefix("candidate:") ? value.dropFirst("candidate:".count) : value
        let fields = SDPText.fields(body)
        guard fields.count >= 8 else { throw .missingField("candidate type") }
        // foundation: 1*32 ice-char (RFC 8839 §5.1)
        guard fields[0].utf8.count <= 32, SDPText.isVisible(fields[0]) else { throw .badValue("foundation") }
        foundation = String(fields[0])
        guard let component = SDPText.decimal(fields[1], as: UInt16.self), component >= 1 else { throw .badNumber("component") }
        self.component = component
        guard SDPText.isToken(fields[2]) else { throw .badValue("transport") }
        transport = String(fields[2])
        guard let priority = SDPText.decimal(fields[3], as: UInt32.self) else { throw .badNumber("priority") }
        self.priority = priority
        guard SDPText.isVisible(fields[4]) else { throw .badValue("address") }
        address = String(fields[4])
        guard let port = SDPText.decimal(fields[5], as: UInt16.self) else { throw .badNumber("port") }
        self.port = port
        guard fields[6] == "typ", SDPText.isToken(fields[7]) else { throw .badValue("typ") }
        type = CandidateType(fields[7])
        relatedAddress = nil
        relatedPort = nil
        tcpType = nil
        extensions = []
        var index = 8
        while index < fields.count {
            guard index + 1 < fields.count else { throw .missingField("extension value") }
            let name = fields[index], value = fields[index + 1]
            switch name {
            case "raddr" where relatedAddress == nil:
                relatedAddress = String(value)
            case "rport" where relatedPort == nil:
                guard let port = SDPText.decimal(value, as: UInt16.self) else { throw .badNumber("rport") }
                relatedPort = port
            case "tcptype" where tcpType == nil:
                tcpType = String(value)
            default:
                guard SDPText.isVisible(name) else { throw .badValue("extension") }
                extensions.append(Extension(name: String(name), value: String(value)))
            }
            index += 2
        }
    }

    /// The attribute value (without `candidate:`). `tcptype` is written
    /// right after the related address/port, where browsers put it.
    public var attributeValue: String {
        var text = "\(foundation) \(component) \(transport) \(priority) \(address) \(port) typ \(type.text)"
        if let relatedAddress { text += " raddr " + relatedAddress }
        if let relatedPort { text += " rport \(relatedPort)" }
        if let tcpType { text += " tcptype " + tcpType }
        for item in extensions { text += " " + item.name + " " + item.value }
        return text
    }

    /// `candidate:...`, the form RTCIceCandidate.candidate uses in signaling.
    public var signalingText: String { "candidate:" + attributeValue }

    /// The value of the extension called `name`.
    public func extensionValue(_ name: String) -> String? {
        extensions.first { $0.name == name }?.value
    }

    public var generation: UInt32? { extensionValue("generation").flatMap { SDPText.decimal($0[...]) } }
    public var ufrag: String? { extensionValue("ufrag") }
    public var networkID: UInt32? { extensionValue("network-id").flatMap { SDPText.decimal($0[...]) } }
    public var networkCost: UInt32? { extensionValue("network-cost").flatMap { SDPText.decimal($0[...]) } }
}
