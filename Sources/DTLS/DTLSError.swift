/// What went wrong in a DTLS context or endpoint. Reasons taken from OpenSSL
/// carry its error-queue text (`ERR_error_string_n`).
public enum DTLSError: Error, Sendable, Hashable {
    /// The peer's certificate does not hash to the fingerprint its SDP
    /// announced (RFC 8122 §5, RFC 8827 §6.5).
    case fingerprintMismatch(expected: DTLSFingerprint, actual: DTLSFingerprint)
    /// The handshake finished without a peer certificate.
    case noPeerCertificate
    /// The handshake finished without a `use_srtp` profile in common (RFC 5764 §4.1.3).
    case noSRTPProfile
    /// The selected SRTP profile has no known keying-material length.
    case unknownSRTPProfile(UInt16)
    /// The peer sent a fatal alert (RFC 5246 §7.2).
    case alertReceived(DTLSAlert)
    /// OpenSSL failed the handshake or the session (`SSL_get_error` code and
    /// the error-queue text); when this side detected it, OpenSSL has sent
    /// the peer an alert.
    case protocolFailure(sslError: Int32, reason: String)
    /// The handshake was retransmitted as often as OpenSSL allows
    /// (`DTLSv1_handle_timeout` < 0) without an answer.
    case retransmissionLimitReached
    /// An OpenSSL call failed while building a certificate, context or endpoint.
    case openSSL(call: String, reason: String)
    /// The link MTU is outside 256...4096 (OpenSSL's minimum; the size of
    /// the buffer OpenSSL gathers a flight in).
    case invalidMTU(Int)
    /// Application data needs an established, open session.
    case notConnected
    /// Application data does not fit one record within the MTU
    /// (`DTLS_get_data_mtu`); DTLS does not fragment it (RFC 6347 §4.1.1).
    case applicationDataTooLarge(size: Int, limit: Int)
}
