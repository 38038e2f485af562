/// An ICE username fragment and password, as in `a=ice-ufrag` / `a=ice-pwd`
/// (RFC 8445 §5.3, grammar in RFC 8839 §5.4). The password is the
/// short-term key for MESSAGE-INTEGRITY of checks sent to this side.
public struct ICECredentials: Sendable, Hashable {
    /// Which of the two values an error is about.
    public enum Field: Sendable, Hashable {
        case ufrag
        case password
    }

    /// Allowed ufrag lengths in characters (RFC 8839 §5.4).
    public static let ufragLengths = 4...256
    /// Allowed password lengths in characters (RFC 8839 §5.4).
    public static let passwordLengths = 22...256

    /// The username fragment.
    public let ufrag: String
    /// The password.
    public let password: String

    /// Credentials from SDP values, checked for length and the ice-char set.
    /// The set excludes ':', which keeps "ufrag:ufrag" USERNAMEs unambiguous.
    public init(ufrag: String, password: String) throws(ICEError) {
        try Self.validate(ufrag, field: .ufrag, lengths: Self.ufragLengths)
        try Self.validate(password, field: .password, lengths: Self.passwordLengths)
        self.ufrag = ufrag
        self.password = password
    }

    private init(unchecked ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }

    /// Random credentials from `generator`. Each ice-char carries 6 bits, so
    /// the defaults (8 and 24 characters) give 48 and 144 random bits, above
    /// the 24 and 128 RFC 8445 §5.3 asks for; a longer ufrag also makes
    /// collisions in the media port's ufrag table rare. Lengths are clamped
    /// to the allowed ranges.
    public static func random<R: RandomNumberGenerator>(
        using generator: inout R, ufragLength: Int = 8, passwordLength: Int = 24
    ) -> ICECredentials {
        let ufrag = randomText(length: ufragLength.clamped(to: ufragLengths), using: &generator)
        let password = randomText(length: passwordLength.clamped(to: passwordLengths), using: &generator)
        return ICECredentials(unchecked: ufrag, password: password)
    }

    /// Random credentials from the system generator.
    public static func random() -> ICECredentials {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The 64 ice-chars (RFC 8839 §5.4): ALPHA / DIGIT / "+" / "/".
    static let iceChars: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Whether `byte` is an ice-char.
    public static func isICEChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    private static func randomText<R: RandomNumberGenerator>(length: Int, using generator: inout R) -> String {
        // 64 divides 2^64, so the range below is sampled without bias.
        let bytes = (0..<length).map { _ in iceChars[Int.random(in: 0..<iceChars.count, using: &generator)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func validate(_ text: String, field: Field, lengths: ClosedRange<Int>) throws(ICEError) {
        // ice-chars are ASCII, so UTF-8 length equals character count for valid text.
        for (offset, byte) in text.utf8.enumerated() where !isICEChar(byte) {
            throw .invalidCharacter(in: field, at: offset)
        }
        let count = text.utf8.count
        guard lengths.contains(count) else {
            throw field == .ufrag ? .ufragLength(count) : .passwordLength(count)
        }
    }
}

extension ICECredentials: CustomStringConvertible {
    /// The ufrag only: passwords stay out of logs.
    public var description: String {
        "ICECredentials(ufrag: \(ufrag), password: <\(password.utf8.count) chars>)"
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
