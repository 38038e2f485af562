import COpenSSL

/// One configured `SSL_CTX` (DTLS 1.2 only) that endpoints are made from.
/// A context serves both roles (each endpoint sets its own); a server keeps
/// one for all its peers.
///
/// Immutable after init and safe to share between event loops: `SSL_new` on
/// a configured `SSL_CTX` is thread-safe.
public final class DTLSContext: @unchecked Sendable {
    /// SSL_CTX*, owned.
    let context: OpaquePointer
    /// The policy it was built from.
    public let configuration: DTLSConfiguration

    public init(configuration: DTLSConfiguration) throws(DTLSError) {
        defer { OpenSSLErrorQueue.clear() }
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw .openSSL(call: "SSL_CTX_new", reason: OpenSSLErrorQueue.reason(or: "allocation failed"))
        }
        self.context = context
        self.configuration = configuration
        // On failure `deinit` frees the context: every stored property is set.
        func check(_ ok: Bool, _ call: String) throws(DTLSError) {
            guard ok else { throw .openSSL(call: call, reason: OpenSSLErrorQueue.reason(or: "\(call) failed")) }
        }
        // WebRTC uses DTLS 1.2 (RFC 8827 §6.5); nothing older.
        try check(switchboard_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1, "SSL_CTX_set_min_proto_version")
        try check(switchboard_SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION) == 1, "SSL_CTX_set_max_proto_version")
        // No MTU probing (the BIO has no socket), no tickets or cache (every
        // peer does a full handshake, so its certificate is always checked),
        // no renegotiation.
        _ = switchboard_SSL_CTX_set_options(
            context,
            switchboard_SSL_OP_NO_QUERY_MTU() | switchboard_SSL_OP_NO_TICKET() | switchboard_SSL_OP_NO_RENEGOTIATION()
        )
        _ = switchboard_SSL_CTX_set_session_cache_mode(context, switchboard_SSL_SESS_CACHE_OFF())
        try check(SSL_CTX_set_cipher_list(context, configuration.cipherList) == 1, "SSL_CTX_set_cipher_list")
        try check(switchboard_SSL_CTX_set1_groups_list(context, configuration.groups) == 1, "SSL_CTX_set1_groups_list")
        let certificate = configuration.certificate
        try check(SSL_CTX_use_certificate(context, certificate.certificate) == 1, "SSL_CTX_use_certificate")
        try check(SSL_CTX_use_PrivateKey(context, certificate.privateKey) == 1, "SSL_CTX_use_PrivateKey")
        try check(SSL_CTX_check_private_key(context) == 1, "SSL_CTX_check_private_key")
        let names = configuration.srtpProfiles.compactMap(\.openSSLName)
        try check(!names.isEmpty && names.count == configuration.srtpProfiles.count, "SSL_CTX_set_tlsext_use_srtp")
        // Returns 0 on success, unlike most of OpenSSL.
        try check(SSL_CTX_set_tlsext_use_srtp(context, names.joined(separator: ":")) == 0, "SSL_CTX_set_tlsext_use_srtp")
        // Ask for (server) and require (both) the peer's certificate; the
        // callback pins it to the SDP fingerprint instead of a CA chain.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, DTLSCallbacks.verify)
    }

    deinit {
        SSL_CTX_free(context)
    }
}
