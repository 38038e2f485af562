/// `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8), e.g. `AS:2500` (kbit/s) or
/// `TIAS:2500000` (bit/s, RFC 3890).
public struct Bandwidth: Hashable, Sendable {
    public var type: String
    public var value: UInt64

    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }

    init?(parsingLine text: Substring) {
        let (type, value) = SDPText.splitOnce(text, at: ":")
        guard SDPText.isToken(type), let value, let number = SDPText.decimal(value, as: UInt64.self) else { return nil }
        self.init(type: String(type), value: number)
    }

    public var lineText: String { "\(type):\(value)" }
}
