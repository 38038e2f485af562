import CSRTP

/// Which AES-GCM this process's SRTP runs, decided once when libsrtp2 is
/// initialised: OpenSSL's (`OpenSSLGCMCipher`), or libsrtp2's own when the
/// replacement failed its known answers (then everything still works, at
/// the build's cost per packet).
public enum SRTPCipherImplementation {
    /// True when both AES-GCM key sizes run on OpenSSL.
    public static var aesGCMOnOpenSSL: Bool {
        (try? LibSRTP.ensureInitialised()) != nil && !LibSRTP.keepsLibraryCiphers && OpenSSLCiphers.failures.isEmpty
    }

    /// One line for the server's start-up log.
    public static var summary: String {
        if (try? LibSRTP.ensureInitialised()) == nil { return "libsrtp2 failed to initialise" }
        if LibSRTP.keepsLibraryCiphers { return "libsrtp2's own ciphers (SWITCHBOARD_SRTP_CIPHERS=libsrtp)" }
        let failures = OpenSSLCiphers.failures
        if failures.isEmpty { return "AES-GCM on OpenSSL EVP, AES-CM and HMAC-SHA1 on libsrtp2's own" }
        return "AES-GCM on libsrtp2's own: replacing it failed (" + failures.joined(separator: ", ") + ")"
    }
}

/// The OpenSSL cipher types and their installation into libsrtp2's crypto
/// kernel. The types are process-wide and never freed.
enum OpenSSLCiphers {
    nonisolated(unsafe) static let gcm128 = OpenSSLGCMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_GCM_128), testData: GCMKnownAnswers.aes128)
    nonisolated(unsafe) static let gcm256 = OpenSSLGCMCipher.makeType(
        id: srtp_cipher_type_id_t(SRTP_AES_GCM_256), testData: GCMKnownAnswers.aes256)

    /// The replacements that failed, as "AES-128-GCM: status N"; set once
    /// by `install()`, under `LibSRTP`'s one-time initialisation.
    nonisolated(unsafe) private(set) static var failures: [String] = []

    /// Replaces libsrtp2's AES-GCM types; each must first pass its own and
    /// libsrtp2's known answers. Call once, right after `srtp_init()`.
    static func install() {
        let types = [("AES-128-GCM", gcm128, SRTP_AES_GCM_128), ("AES-256-GCM", gcm256, SRTP_AES_GCM_256)]
        failures = types.compactMap { name, type, id in
            let status = srtp_replace_cipher_type(type, srtp_cipher_type_id_t(id))
            return status == srtp_err_status_ok ? nil : "\(name): status \(status.rawValue)"
        }
    }
}
