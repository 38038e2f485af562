import NIOCore

/// What the I/O layer must do after an endpoint handled an event. Datagrams
/// to send come first, in order, then state changes.
public enum DTLSAction: Sendable, Hashable {
    /// Send this datagram to the peer.
    case send(ByteBuffer)
    /// The handshake completed and the peer's certificate matched its
    /// fingerprint: SRTP keys are ready.
    case connected(DTLSConnectedInfo)
    /// Application data the peer sent (one record's plaintext).
    case applicationData(ByteBuffer)
    /// The peer sent close_notify (RFC 5246 §7.2.1); this side has answered.
    case closed
    /// The session ended with an error; any alert OpenSSL produced is among
    /// the `.send` actions before it.
    case failed(DTLSError)
}
