/// A certificate fingerprint as carried by SDP's `a=fingerprint` (RFC 8122 §5,
/// RFC 8827 §6.5): the hash of the DER certificate a DTLS peer will present.
public struct DTLSFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The hash function.
    public var algorithm: DTLSHashAlgorithm
    /// The digest bytes (`algorithm.digestLength` of them when built by parsing).
    public var bytes: [UInt8]

    /// A fingerprint from a digest already computed.
    public init(algorithm: DTLSHashAlgorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Parses the attribute value form, `sha-256 AB:CD:...` (hash name,
    /// spaces or tabs, colon hex in either case; RFC 8122 §5).
    public init(parsing text: some StringProtocol) throws(DTLSFingerprintError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let name = fields.first else { throw .missingField("hash function") }
        guard fields.count >= 2 else { throw .missingField("fingerprint") }
        guard fields.count == 2 else { throw .trailingText(String(fields[2])) }
        guard let algorithm = DTLSHashAlgorithm(name: name) else { throw .unknownHashFunction(String(name)) }
        try self.init(algorithm: algorithm, parsingHex: fields[1])
    }

    /// Parses a hash function name (e.g. SDP's `Fingerprint.hashFunction`) and
    /// the colon hex digest beside it.
    public init(hashFunction: some StringProtocol, hex: some StringProtocol) throws(DTLSFingerprintError) {
        guard let algorithm = DTLSHashAlgorithm(name: hashFunction) else {
            throw .unknownHashFunction(String(hashFunction))
        }
        try self.init(algorithm: algorithm, parsingHex: hex)
    }

    /// Parses colon hex (`AB:CD:...`, either case) as a digest of `algorithm`,
    /// whose length it must have.
    public init(algorithm: DTLSHashAlgorithm, parsingHex hex: some StringProtocol) throws(DTLSFingerprintError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(algorithm.digestLength)
        for (index, pair) in hex.split(separator: ":", omittingEmptySubsequences: false).enumerated() {
            let digits = Array(pair.utf8)
            guard digits.count == 2, let high = Self.nibble(digits[0]), let low = Self.nibble(digits[1]) else {
                throw .badHexPair(at: index)
            }
            bytes.append(high << 4 | low)
        }
        guard bytes.count == algorithm.digestLength else {
            throw .wrongLength(algorithm: algorithm, expected: algorithm.digestLength, got: bytes.count)
        }
        self.init(algorithm: algorithm, bytes: bytes)
    }

    /// The digest as upper-case hex pairs joined by colons (RFC 8122 §5).
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

    /// The `a=fingerprint` attribute value: `sha-256 AB:CD:...`.
    public var attributeValue: String { algorithm.rawValue + " " + hexText }

    public var description: String { attributeValue }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x41...0x46: digit - 0x41 + 10
        case 0x61...0x66: digit - 0x61 + 10
        default: nil
        }
    }
}
