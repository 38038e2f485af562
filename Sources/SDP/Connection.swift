/// `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7), e.g.
/// `IN IP4 0.0.0.0`. The address keeps any `/ttl` or `/count` suffix.
public struct Connection: Hashable, Sendable {
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(networkType: String = "IN", addressType: String = "IP4", address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the text after `c=`; nil unless it has exactly three fields.
    init?(parsingLine text: Substring) {
        let fields = SDPText.fields(text)
        guard fields.count == 3, SDPText.isToken(fields[0]), SDPText.isToken(fields[1]) else { return nil }
        self.init(networkType: String(fields[0]), addressType: String(fields[1]), address: String(fields[2]))
    }

    /// The text after `c=`.
    public var lineText: String { networkType + " " + addressType + " " + address }
}
