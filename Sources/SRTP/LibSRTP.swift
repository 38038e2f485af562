import CSRTP
import Glibc

/// Process-wide libsrtp2 initialisation.
enum LibSRTP {
    /// The status of the one `srtp_init()` call, after which the OpenSSL
    /// ciphers and MAC replace the library's own (`OpenSSLCiphers`). A `static let` is initialised
    /// once, lazily and thread-safely (swift_once), so the first session to
    /// be created, on any thread, runs it before any cipher is allocated.
    private static let initialisationStatus: UInt32 = {
        let status = srtp_init()
        if status == srtp_err_status_ok && !keepsLibraryCiphers { OpenSSLCiphers.install() }
        return UInt32(status.rawValue)
    }()

    /// `SWITCHBOARD_SRTP_CIPHERS=libsrtp` keeps libsrtp2's own ciphers: for
    /// side-by-side benchmarks, and a way out should OpenSSL's ever be at fault.
    static let keepsLibraryCiphers: Bool = {
        guard let value = getenv("SWITCHBOARD_SRTP_CIPHERS") else { return false }
        return String(cString: value) == "libsrtp"
    }()

    /// Runs `srtp_init()` on first use; throws if it failed (then no session
    /// can be created in this process).
    static func ensureInitialised() throws(SRTPError) {
        let status = srtp_err_status_t(rawValue: numericCast(initialisationStatus))
        guard status == srtp_err_status_ok else {
            throw SRTPError(status: status, function: "srtp_init")
        }
    }
}
