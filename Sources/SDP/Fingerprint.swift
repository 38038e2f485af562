/// `a=fingerprint:<hash function> <hex:hex:...>` (RFC 8122 §5): the hash of
/// the DTLS certificate the peer will present.
public struct Fingerprint: SDPAttributeValue {
    public static let attributeName = "fingerprint"

    /// The hash function as written, e.g. `sha-256` (compare case-insensitively,
    /// RFC 8122 §5).
    public var hashFunction: String
    /// The digest bytes.
    public var bytes: [UInt8]

    public init(hashFunction: String, bytes: [UInt8]) {
        self.hashFunction = hashFunction
        self.bytes = bytes
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count == 2 else { throw .missingField(fields.isEmpty ? "hash function" : "fingerprint") }
        guard SDPText.isToken(fields[0]) else { throw .badValue("hash function") }
        hashFunction = String(fields[0])
        var bytes: [UInt8] = []
        for pair in fields[1].split(separator: ":", omittingEmptySubsequences: false) {
            let digits = Array(pair.utf8)
            guard digits.count == 2, let high = Self.nibble(digits[0]), let low = Self.nibble(digits[1]) else {
                throw .badValue("fingerprint")
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// Upper-case colon hex, as RFC 8122 §5 writes it.
    public var attributeValue: String { hashFunction + " " + hexText }

    /// The digest as upper-case hex pairs joined by colons.
    public var hexText: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x41...0x46: digit - 0x41 + 10
        case 0x61...0x66: digit - 0x61 + 10
        default: nil
        }
    }
}
