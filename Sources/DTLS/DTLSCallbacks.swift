import COpenSSL

/// The SSL-level C callbacks. They capture nothing: each finds its endpoint's
/// `DTLSDatagramIO` through `SSL_get_ex_data(ssl, appDataIndex)`.
enum DTLSCallbacks {
    /// The ex_data slot `SSL_set_app_data` uses; always present.
    static let appDataIndex: Int32 = 0

    static func io(of ssl: OpaquePointer) -> DTLSDatagramIO? {
        guard let data = SSL_get_ex_data(ssl, appDataIndex) else { return nil }
        return Unmanaged<DTLSDatagramIO>.fromOpaque(data).takeUnretainedValue()
    }

    /// Certificate check. WebRTC certificates are self-signed and pinned by
    /// the SDP fingerprint (RFC 8122 §5, RFC 8827 §6.5), so chain errors are
    /// ignored and the leaf (depth 0) must hash to the expected fingerprint.
    /// Rejecting here fails the handshake with a bad_certificate alert before
    /// any key is derived.
    static let verify: @convention(c) (Int32, OpaquePointer?) -> Int32 = { _, store in
        guard let store else { return 0 }
        guard X509_STORE_CTX_get_error_depth(store) == 0 else { return 1 }
        guard let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let io = DTLSCallbacks.io(of: OpaquePointer(sslPointer)),
              let certificate = X509_STORE_CTX_get_current_cert(store),
              let actual = DTLSCertificate.fingerprint(of: certificate, algorithm: io.expectedFingerprint.algorithm)
        else { return 0 }
        guard actual == io.expectedFingerprint else {
            io.rejectedFingerprint = actual
            X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)
            return 0
        }
        return 1
    }

    /// Retransmission timer (`DTLS_set_timer_cb`): OpenSSL asks with 0 for
    /// the first timeout, then with the previous one; doubling up to 60 s as
    /// RFC 6347 §4.2.4.1 suggests.
    static let timer: @convention(c) (OpaquePointer?, UInt32) -> UInt32 = { ssl, previous in
        let ceiling: UInt32 = 60_000_000
        guard previous != 0 else {
            guard let ssl, let io = DTLSCallbacks.io(of: ssl) else { return 1_000_000 }
            return io.initialTimeoutMicroseconds
        }
        return previous >= ceiling / 2 ? ceiling : previous * 2
    }

    /// Info callback: records alerts in both directions, so failures can say
    /// which alert ended them.
    static let info: @convention(c) (OpaquePointer?, Int32, Int32) -> Void = { ssl, whereFlags, value in
        guard whereFlags & SSL_CB_ALERT != 0, let ssl, let io = DTLSCallbacks.io(of: ssl) else { return }
        let alert = DTLSAlert(level: UInt8(truncatingIfNeeded: value >> 8), code: UInt8(truncatingIfNeeded: value))
        if whereFlags & SSL_CB_READ != 0 {
            io.receivedAlert = alert
        } else {
            io.sentAlert = alert
        }
    }
}
