/// Why a fingerprint text did not parse.
public enum DTLSFingerprintError: Error, Sendable, Hashable {
    /// The text had no hash function name, or no digest after it.
    case missingField(String)
    /// Text followed the digest.
    case trailingText(String)
    /// The hash function is not one this module computes (RFC 8122 §5 names).
    case unknownHashFunction(String)
    /// The colon-separated pair at this index (0-based) is not two hex digits.
    case badHexPair(at: Int)
    /// The digest has the wrong number of bytes for its hash function.
    case wrongLength(algorithm: DTLSHashAlgorithm, expected: Int, got: Int)
}
