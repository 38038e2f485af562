import CSRTP

/// Why an SRTP operation failed. Values name libsrtp2's `srtp_err_status_t`
/// where one exists.
public enum SRTPError: Error, Sendable, Hashable {
    /// The authentication tag did not verify (`srtp_err_status_auth_fail`):
    /// a corrupted or forged packet, or the wrong keys.
    case authenticationFailed
    /// The packet index was already seen or is older than the replay window
    /// (`srtp_err_status_replay_fail`, `srtp_err_status_replay_old`).
    case replayed
    /// libsrtp2 rejected the packet or a parameter
    /// (`srtp_err_status_bad_param`), e.g. a malformed RTP header.
    case badParameter
    /// No stream for the packet's SSRC in a session created for one specific
    /// SSRC (`srtp_err_status_no_ctx`).
    case noContext
    /// Any other libsrtp2 status, with the function that returned it.
    case libsrtp(status: Int32, function: String)
    /// The packet is shorter than the smallest one the operation accepts
    /// (a header, plus the trailer when unprotecting).
    case bufferTooSmall(length: Int, minimum: Int)
    /// Keying material, a master key or a master salt of the wrong length.
    case badKeyingMaterialLength(expected: Int, actual: Int)

    /// The error for a libsrtp2 status other than `srtp_err_status_ok`.
    init(status: srtp_err_status_t, function: String) {
        switch status {
        case srtp_err_status_auth_fail: self = .authenticationFailed
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: self = .replayed
        case srtp_err_status_bad_param: self = .badParameter
        case srtp_err_status_no_ctx: self = .noContext
        default: self = .libsrtp(status: Int32(bitPattern: UInt32(status.rawValue)), function: function)
        }
    }
}
