import COpenSSL

/// A hash function that can name a certificate fingerprint, spelled as in the
/// IANA "Hash Function Textual Names" registry used by `a=fingerprint`
/// (RFC 8122 §5).
public enum DTLSHashAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha1 = "sha-1"
    case sha224 = "sha-224"
    case sha256 = "sha-256"
    case sha384 = "sha-384"
    case sha512 = "sha-512"

    /// Looks a textual name up case-insensitively (RFC 8122 §5: hash names
    /// compare without regard to case); nil for unknown or obsolete (md5) names.
    public init?(name: some StringProtocol) {
        let lowered = name.lowercased()
        guard let algorithm = DTLSHashAlgorithm(rawValue: lowered) else { return nil }
        self = algorithm
    }

    /// The digest length in bytes.
    public var digestLength: Int {
        switch self {
        case .sha1: 20
        case .sha224: 28
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// OpenSSL's digest for this algorithm (a static object; never freed).
    var messageDigest: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }
}
