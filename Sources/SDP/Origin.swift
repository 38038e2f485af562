/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>`
/// (RFC 8866 §5.2). JSEP (RFC 8829 §5.2.1) writes `-` as user name, a
/// random 63-bit id and increments the version with every new offer or answer.
public struct Origin: Hashable, Sendable {
    public var username: String
    /// The session id, kept as the decimal text written (it may exceed 64 bits).
    public var sessionID: String
    public var sessionVersion: UInt64
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(
        username: String = "-", sessionID: String, sessionVersion: UInt64,
        networkType: String = "IN", addressType: String = "IP4", address: String = "127.0.0.1"
    ) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    init?(parsingLine text: Substring) {
        let fields = SDPText.fields(text)
        guard fields.count == 6, SDPText.isDigits(fields[1]),
              let version = SDPText.decimal(fields[2], as: UInt64.self),
              SDPText.isToken(fields[3]), SDPText.isToken(fields[4])
        else { return nil }
        self.init(
            username: String(fields[0]), sessionID: String(fields[1]), sessionVersion: version,
            networkType: String(fields[3]), addressType: String(fields[4]), address: String(fields[5]))
    }

    /// The text after `o=`.
    public var lineText: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
