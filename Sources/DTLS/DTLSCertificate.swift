import COpenSSL

/// A DTLS identity: a private key and its X.509 certificate. WebRTC peers use
/// self-signed certificates and authenticate them by the fingerprint in SDP
/// (RFC 8827 §6.5), so `generate()` is the usual source.
///
/// Immutable after creation and safe to share between event loops: OpenSSL
/// only reads the key and certificate (contexts take their own references).
public final class DTLSCertificate: @unchecked Sendable {
    /// X509*, owned.
    let certificate: OpaquePointer
    /// EVP_PKEY*, owned.
    let privateKey: OpaquePointer
    /// The certificate in DER, the bytes fingerprints hash (RFC 8122 §5).
    public let derBytes: [UInt8]
    /// The SHA-256 fingerprint to put in `a=fingerprint`.
    public let fingerprint: DTLSFingerprint

    /// Takes ownership of both pointers (freed on failure too).
    init(adopting certificate: OpaquePointer, privateKey: OpaquePointer) throws(DTLSError) {
        self.certificate = certificate
        self.privateKey = privateKey
        guard X509_check_private_key(certificate, privateKey) == 1 else {
            let reason = OpenSSLErrorQueue.reason(or: "key does not match certificate")
            X509_free(certificate)
            EVP_PKEY_free(privateKey)
            throw .openSSL(call: "X509_check_private_key", reason: reason)
        }
        let length = i2d_X509(certificate, nil)
        var der = [UInt8](repeating: 0, count: Int(max(length, 0)))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        guard length > 0, written == length else {
            X509_free(certificate)
            EVP_PKEY_free(privateKey)
            throw .openSSL(call: "i2d_X509", reason: OpenSSLErrorQueue.reason(or: "DER encoding failed"))
        }
        derBytes = der
        fingerprint = Self.digest(der, algorithm: .sha256)
        OpenSSLErrorQueue.clear()
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    /// The certificate's fingerprint with another hash function.
    public func fingerprint(using algorithm: DTLSHashAlgorithm) -> DTLSFingerprint {
        algorithm == .sha256 ? fingerprint : Self.digest(derBytes, algorithm: algorithm)
    }

    /// Generates an ECDSA P-256 key and a self-signed v3 certificate for it:
    /// random 63-bit serial, valid from 30 days ago (clock skew) to a year
    /// ahead, subject and issuer `CN=<commonName>`, signed with SHA-256.
    public static func generate(commonName: String = "switchboard") throws(DTLSError) -> DTLSCertificate {
        defer { OpenSSLErrorQueue.clear() }
        let key = try generateP256Key()
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw .openSSL(call: "X509_new", reason: OpenSSLErrorQueue.reason(or: "allocation failed"))
        }
        func fail(_ call: String) -> DTLSError {
            X509_free(certificate)
            EVP_PKEY_free(key)
            return .openSSL(call: call, reason: OpenSSLErrorQueue.reason(or: "\(call) failed"))
        }
        // Version field value 2 means v3 (RFC 5280 §4.1.2.1).
        guard X509_set_version(certificate, 2) == 1 else { throw fail("X509_set_version") }
        var serialBytes = [UInt8](repeating: 0, count: 8)
        guard RAND_bytes(&serialBytes, 8) == 1 else { throw fail("RAND_bytes") }
        // Positive and non-zero (RFC 5280 §4.1.2.2).
        let serial = max(serialBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & 0x7FFF_FFFF_FFFF_FFFF, 1)
        guard ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial) == 1 else {
            throw fail("ASN1_INTEGER_set_uint64")
        }
        let day = 86_400
        guard X509_gmtime_adj(X509_getm_notBefore(certificate), -30 * day) != nil,
              X509_gmtime_adj(X509_getm_notAfter(certificate), 365 * day) != nil
        else { throw fail("X509_gmtime_adj") }
        guard let name = X509_get_subject_name(certificate) else { throw fail("X509_get_subject_name") }
        let commonNameBytes = Array(commonName.utf8)
        guard X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonNameBytes, Int32(commonNameBytes.count), -1, 0) == 1
        else { throw fail("X509_NAME_add_entry_by_txt") }
        guard X509_set_issuer_name(certificate, name) == 1 else { throw fail("X509_set_issuer_name") }
        guard X509_set_pubkey(certificate, key) == 1 else { throw fail("X509_set_pubkey") }
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw fail("X509_sign") }
        return try DTLSCertificate(adopting: certificate, privateKey: key)
    }

    /// EVP_PKEY_CTX keygen on the P-256 group (`EVP_EC_gen` is a macro).
    private static func generateP256Key() throws(DTLSError) -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw .openSSL(call: "EVP_PKEY_CTX_new_from_name", reason: OpenSSLErrorQueue.reason(or: "no EC"))
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_group_name(context, "P-256") == 1,
              EVP_PKEY_generate(context, &key) == 1,
              let key
        else {
            throw .openSSL(call: "EVP_PKEY_generate", reason: OpenSSLErrorQueue.reason(or: "P-256 keygen failed"))
        }
        return key
    }

    static func digest(_ bytes: [UInt8], algorithm: DTLSHashAlgorithm) -> DTLSFingerprint {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = EVP_Digest(bytes, bytes.count, &output, &length, algorithm.messageDigest, nil)
        return DTLSFingerprint(algorithm: algorithm, bytes: ok == 1 ? Array(output.prefix(Int(length))) : [])
    }

    /// The fingerprint of an X509* the caller keeps (e.g. a peer's), or nil
    /// if OpenSSL cannot hash it.
    static func fingerprint(of certificate: OpaquePointer, algorithm: DTLSHashAlgorithm) -> DTLSFingerprint? {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, algorithm.messageDigest, &output, &length) == 1 else { return nil }
        return DTLSFingerprint(algorithm: algorithm, bytes: Array(output.prefix(Int(length))))
    }
}
