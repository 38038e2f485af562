import DataChannel
import NIOCore

/// Why a peer transport closed.
public enum PeerCloseReason: Sendable, Hashable, CustomStringConvertible {
    /// No valid ICE check for the consent timeout (RFC 7675).
    case consentExpired
    /// The DTLS handshake failed (fingerprint mismatch, fatal alert, ...).
    case dtlsFailed(String)
    /// The DTLS handshake did not complete in time.
    case dtlsHandshakeTimeout
    /// SRTP could not be set up from the negotiated keys.
    case srtpSetupFailed(String)
    /// The peer sent close_notify.
    case closedByRemote
    /// The owner closed it (signaling `leave`, socket closed, shutdown).
    case closedByOwner

    public var description: String {
        switch self {
        case .consentExpired: "ICE consent expired"
        case .dtlsFailed(let reason): "DTLS failed: \(reason)"
        case .dtlsHandshakeTimeout: "DTLS handshake timed out"
        case .srtpSetupFailed(let reason): "SRTP setup failed: \(reason)"
        case .closedByRemote: "closed by the peer (close_notify)"
        case .closedByOwner: "closed"
        }
    }
}

/// The owner of a peer transport (the room's participant, a test, a bot):
/// told on the transport's event loop when media can flow, what arrived,
/// and when it closed.
public protocol PeerTransportDelegate: AnyObject {
    /// ICE selected a pair and DTLS-SRTP keys are in place.
    func peerTransportDidConnect(_ peer: PeerTransport)
    /// An RTP packet arrived and was decrypted (the buffer holds plain RTP).
    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer)
    /// An RTP packet arrived and was counted, not decrypted (the buffer is
    /// still SRTP: header and extensions are clear, the payload is not);
    /// see `PeerTransport.verifyEveryNthRTP`.
    func peerTransport(_ peer: PeerTransport, didReceiveUnverifiedRTP packet: ByteBuffer)
    /// An RTCP compound packet arrived and was decrypted.
    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer)
    /// The transport closed and released everything it held.
    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason)
    /// A data channel event: `.ready` (the association is up), `.opened`,
    /// `.message`, `.closed`, `.associationClosed`; never `.send`.
    func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction)
}

extension PeerTransportDelegate {
    /// Owners without data channels ignore them.
    public func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction) {}
}

extension PeerTransportDelegate {
    /// Owners that never sample (the server) never see unverified packets.
    public func peerTransport(_ peer: PeerTransport, didReceiveUnverifiedRTP packet: ByteBuffer) {}
}
