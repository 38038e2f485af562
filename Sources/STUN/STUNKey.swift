import COpenSSL

/// The key for MESSAGE-INTEGRITY / MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9).
/// ICE uses short-term credentials: the peer's ice-pwd as the key.
public struct STUNKey: Sendable, Hashable {
    /// The HMAC key bytes.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Short-term credential key: the password's UTF-8 bytes (RFC 8489 §9.1.1).
    /// The password is used as given; OpaqueString preparation is the caller's.
    public static func shortTerm(password: String) -> STUNKey {
        STUNKey(bytes: Array(password.utf8))
    }

    /// Long-term credential key: MD5(username ":" realm ":" password)
    /// (RFC 8489 §9.2.2). Inputs are used as given; SASLprep/OpaqueString
    /// preparation is the caller's.
    public static func longTerm(username: String, realm: String, password: String) -> STUNKey {
        STUNKey(bytes: STUNCrypto.digest(Array("\(username):\(realm):\(password)".utf8), algorithm: .md5))
    }

    /// Long-term key for PASSWORD-ALGORITHM SHA-256:
    /// SHA-256(username ":" realm ":" password) (RFC 8489 §9.2.2).
    public static func longTermSHA256(username: String, realm: String, password: String) -> STUNKey {
        STUNKey(bytes: STUNCrypto.digest(Array("\(username):\(realm):\(password)".utf8), algorithm: .sha256))
    }
}

/// Thin wrappers over OpenSSL's one-shot digest and HMAC calls.
enum STUNCrypto {
    enum Algorithm {
        case md5, sha1, sha256

        var md: OpaquePointer? {
            switch self {
            case .md5: return EVP_md5()
            case .sha1: return EVP_sha1()
            case .sha256: return EVP_sha256()
            }
        }

        var size: Int {
            switch self {
            case .md5: return 16
            case .sha1: return 20
            case .sha256: return 32
            }
        }
    }

    static func digest(_ data: [UInt8], algorithm: Algorithm) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.size)
        var size: UInt32 = 0
        data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                _ = EVP_Digest(input.baseAddress, input.count, out.baseAddress, &size, algorithm.md, nil)
            }
        }
        return output
    }

    /// HMAC of `data` under `key`; hands the digest to `body` from stack
    /// space so verifying a message allocates nothing.
    static func hmac<R>(
        key: [UInt8], data: UnsafeRawBufferPointer, algorithm: Algorithm,
        _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { out in
            var size: UInt32 = 0
            // A one-byte stand-in keeps the key pointer non-null for an empty key.
            var empty: UInt8 = 0
            let ok = key.withUnsafeBytes { keyBytes in
                withUnsafePointer(to: &empty) { emptyPointer in
                    HMAC(
                        algorithm.md, keyBytes.baseAddress ?? UnsafeRawPointer(emptyPointer), Int32(keyBytes.count),
                        data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count, out.baseAddress, &size)
                }
            }
            if ok == nil { size = 0 }
            return body(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[..<Int(size)]))
        }
    }

    /// Constant-time comparison of the first `count` bytes of two buffers.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, count: Int) -> Bool {
        guard count > 0, a.count >= count, b.count >= count, let pa = a.baseAddress, let pb = b.baseAddress else {
            return false
        }
        return CRYPTO_memcmp(pa, pb, count) == 0
    }
}
