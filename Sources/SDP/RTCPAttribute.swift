/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605 §2.1): where
/// RTCP goes when it is not on the RTP port. With rtcp-mux browsers still
/// write it (`a=rtcp:9 IN IP4 0.0.0.0`).
public struct RTCPAttribute: SDPAttributeValue {
    public static let attributeName = "rtcp"

    public var port: UInt16
    public var connection: Connection?

    public init(port: UInt16, connection: Connection? = nil) {
        self.port = port
        self.connection = connection
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard let first = fields.first else { throw .missingField("port") }
        guard let port = SDPText.decimal(first, as: UInt16.self) else { throw .badNumber("port") }
        self.port = port
        switch fields.count {
        case 1: connection = nil
        case 4: connection = Connection(networkType: String(fields[1]), addressType: String(fields[2]), address: String(fields[3]))
        default: throw .badValue("connection address")
        }
    }

    public var attributeValue: String {
        connection.map { "\(port) \($0.lineText)" } ?? "\(port)"
    }
}
