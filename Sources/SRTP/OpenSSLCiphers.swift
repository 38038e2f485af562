import CSRTP

/// Which ciphers this process's SRTP runs, decided once when libsrtp2 is
/// initialised: OpenSSL's (`OpenSSLGCMCipher`, `OpenSSLICMCipher`,
/// `OpenSSLHMACSHA1`), or libsrtp2's own where a replacement failed its known
/// answers (then everything still works, at the build's cost per packet).
public enum SRTPCipherImplementation {
    /// True when every replacement is in place.
    public static var onOpenSSL: Bool {
        (try? LibSRTP.ensureInitialised()) != nil && !LibSRTP.keepsLibraryCiphers && OpenSSLCiphers.failures.isEmpty
    }

    /// One line for the server's start-up log.
    public static var summary: String {
        if (try? LibSRTP.ensureInitialised()) == nil { return "libsrtp2 failed to initialise" }
        if LibSRTP.keepsLibraryCiphers { return "libsrtp2's own ciphers (SWITCHBOARD_SRTP_CIPHERS=libsrtp)" }
        let failures = OpenSSLCiphers.failures
        if failures.isEmpty { return "AES-GCM, AES-CM and HMAC-SHA1 on OpenSSL" }
        return "libsrtp2's own where replacing failed (" + failures.joined(separator: ", ") + "), OpenSSL's elsewhere"
    }
}

/// The OpenSSL types and their installation into libsrtp2's crypto kernel.
/// The types are process-wide and never freed.
enum OpenSSLCiphers {
    nonisolated(unsafe) static let gcm128 = OpenSSLGCMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_GCM_128), testData: CipherKnownAnswers.gcm128)
    nonisolated(unsafe) static let gcm256 = OpenSSLGCMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_GCM_256), testData: CipherKnownAnswers.gcm256)
    nonisolated(unsafe) static let icm128 = OpenSSLICMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_ICM_128), testData: CipherKnownAnswers.icm128)
    nonisolated(unsafe) static let icm256 = OpenSSLICMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_ICM_256), testData: CipherKnownAnswers.icm256)
    nonisolated(unsafe) static let hmacSHA1 = OpenSSLHMACSHA1.makeType(testData: CipherKnownAnswers.hmacSHA1)

    /// The replacements that failed, as "AES-128-GCM: status N"; set once
    /// by `install()`, under `LibSRTP`'s one-time initialisation.
    nonisolated(unsafe) private(set) static var failures: [String] = []

    /// Replaces libsrtp2's types; each must first pass its own and
    /// libsrtp2's known answers. Call once, right after `srtp_init()` and
    /// before any session exists.
    static func install() {
        let ciphers = [
            ("AES-128-GCM", gcm128, SRTP_AES_GCM_128), ("AES-256-GCM", gcm256, SRTP_AES_GCM_256),
            ("AES-128-CM", icm128, SRTP_AES_ICM_128), ("AES-256-CM", icm256, SRTP_AES_ICM_256),
        ]
        failures = ciphers.compactMap { name, type, id in
            let status = srtp_replace_cipher_type(type, srtp_cipher_type_id_t(id))
            return status == srtp_err_status_ok ? nil : "\(name): status \(status.rawValue)"
        }
        let status = srtp_replace_auth_type(hmacSHA1, srtp_auth_type_id_t(SRTP_HMAC_SHA1))
        if status != srtp_err_status_ok { failures.append("HMAC-SHA1: status \(status.rawValue)") }
    }
}
