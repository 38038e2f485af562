import CSRTP

/// Process-wide libsrtp2 initialisation.
enum LibSRTP {
    /// The status of the one `srtp_init()` call. A `static let` is
    /// initialised once, lazily and thread-safely (swift_once), so the first
    /// session to be created, on any thread, runs it.
    private static let initialisationStatus: UInt32 = UInt32(srtp_init().rawValue)

    /// Runs `srtp_init()` on first use; throws if it failed (then no session
    /// can be created in this process).
    static func ensureInitialised() throws(SRTPError) {
        let status = srtp_err_status_t(rawValue: numericCast(initialisationStatus))
        guard status == srtp_err_status_ok else {
            throw SRTPError(status: status, function: "srtp_init")
        }
    }
}
