import DTLS
import DataChannel
import ICELite
import Logging
import NIOCore
import SRTP
import STUN

/// One peer connection's secure transport: ICE, then DTLS, then SRTP, over
/// the UDP socket of its worker. The server side is an ICE-lite agent and
/// the DTLS server; the client side (bots, tests) is the controlling agent
/// and the DTLS client.
///
/// Confined to its worker's event loop: every method must be called there.
public final class PeerTransport {
    public enum Role: Sendable, Hashable {
        /// ICE-lite, controlled; DTLS server (the SFU toward browsers).
        case server
        /// Full ICE agent, controlling, toward one remote address; DTLS client.
        case client(remote: SocketAddress)
    }

    public enum State: Sendable, Hashable {
        /// Waiting for a valid ICE check (server) or its answer (client).
        case checking
        /// ICE passed; the DTLS handshake is under way.
        case handshaking
        /// SRTP keys in place: media flows.
        case connected
        case closed(PeerCloseReason)
    }

    /// Why a peer dropped a datagram it was handed.
    public enum DropReason: Sendable, Hashable {
        case beforeSRTP
        case srtpAuthentication
        case srtpReplay
        case srtpOther
        case rejectedCheck
        /// A DTLS datagram that is not whole records (`DTLSEndpoint.malformedDatagramsDropped`).
        case malformedDTLS
        /// Not a drop: an SRTP stream removed to stay within `maxSRTPStreams`.
        case srtpStreamEvicted
    }

    /// The ICE side, by role.
    enum ICEDriver {
        case lite(ICELiteAgent)
        case controlling(ICEControllingAgent)
    }

    public let role: Role
    public internal(set) var localCredentials: ICECredentials
    public internal(set) var state: State = .checking
    /// Where media is sent: the nominated path (server) or the server's
    /// address (client).
    public internal(set) var remotePath: MediaPath?
    /// The remote address of `remotePath` (for TCP, the connection's peer).
    public var remoteAddress: SocketAddress? { remotePath?.remoteAddress }
    /// When the transport was created and when SRTP became ready.
    public let createdAt: NIODeadline
    public internal(set) var connectedAt: NIODeadline?
    /// The negotiated SRTP profile, once connected.
    public internal(set) var srtpProfile: SRTPProfile?
    public weak var delegate: (any PeerTransportDelegate)?
    /// Decrypt only every Nth RTP packet and hand the others on unverified
    /// (1: decrypt all). For load-generating bots, whose receive cost must
    /// not compete with the server's: SRTP leaves the header clear, which is
    /// enough to count, report and feed back.
    public var verifyEveryNthRTP = 1
    /// RTP packets handed on unverified since the last decrypted one.
    var rtpSinceVerified = 0
    /// Where received SRTP is decrypted (`handleSRTP`), reused from packet
    /// to packet while no one else holds the last one.
    var decrypted = ByteBuffer()

    var ice: ICEDriver
    var dtls: DTLSEndpoint?
    var srtp: SRTPContext?
    unowned let host: any PeerTransportHost
    let configuration: MediaTransportConfiguration
    /// What "now" is, and who wakes the transport at its next deadline.
    let clock: any MediaClock
    var logger: Logger
    var timer: Scheduled<Void>?
    var timerDeadline: NIODeadline?
    /// Where DTLS flights go until ICE nominates: the last path proven to
    /// receive (`ICEAddressValidation`, or an ICE-TCP connection), never a
    /// merely checked UDP address.
    var lastCheckedPath: MediaPath?
    /// Data channels (SCTP over this DTLS association, RFC 8261): enabled
    /// by the owner when the SDP accepted an m=application, started once
    /// DTLS connects. Their timer is separate from the ICE/DTLS one.
    var dataChannelSettings: DataChannelSettings?
    var dataChannels: DataChannelEndpoint?
    var dataChannelTimer: Scheduled<Void>?
    var dataChannelTimerDeadline: NIODeadline?

    init(
        role: Role, localCredentials: ICECredentials, remoteCredentials: ICECredentials,
        dtls: DTLSEndpoint, host: any PeerTransportHost, configuration: MediaTransportConfiguration,
        clock: any MediaClock, logger: Logger
    ) {
        let now = clock.now
        self.role = role
        self.localCredentials = localCredentials
        self.dtls = dtls
        self.host = host
        self.configuration = configuration
        self.clock = clock
        self.createdAt = now
        var logger = logger
        logger[metadataKey: "ice-ufrag"] = "\(localCredentials.ufrag)"
        self.logger = logger
        switch role {
        case .server:
            ice = .lite(
                ICELiteAgent(
                    localCredentials: localCredentials, remoteCredentials: remoteCredentials,
                    consentTimeout: configuration.consentTimeout, now: now))
        case .client(let remote):
            remotePath = .udp(remote)
            ice = .controlling(
                ICEControllingAgent(
                    localCredentials: localCredentials, remoteCredentials: remoteCredentials,
                    consentTimeout: configuration.consentTimeout, now: now))
        }
    }

    /// Starts the transport: a client sends its first check at once.
    func start() {
        handleTimer(now: clock.now)
    }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    // MARK: - Sending media

    /// Protects an RTP packet in place and sends it to the peer. Returns
    /// false (sending nothing) until the transport is connected.
    @discardableResult
    public func sendRTP(_ packet: inout ByteBuffer) -> Bool {
        guard let srtp, let remotePath else { return false }
        do {
            try srtp.protect(rtp: &packet)
        } catch {
            logger.debug("SRTP protect failed", metadata: ["error": "\(error)"])
            return false
        }
        send(packet, on: remotePath)
        return true
    }

    /// Protects an RTCP compound packet in place and sends it.
    @discardableResult
    public func sendRTCP(_ packet: inout ByteBuffer) -> Bool {
        guard let srtp, let remotePath else { return false }
        do {
            try srtp.protectRTCP(&packet)
        } catch {
            logger.debug("SRTCP protect failed", metadata: ["error": "\(error)"])
            return false
        }
        send(packet, on: remotePath)
        return true
    }

    /// Counters of the SRTP sessions, once connected.
    public var srtpCounters: (inbound: SRTPCounters, outbound: SRTPCounters)? {
        srtp.map { ($0.inbound.counters, $0.outboundCounters) }
    }

    // MARK: - Closing

    /// Closes the transport: sends close_notify when DTLS is up, cancels
    /// timers, frees DTLS and SRTP state and leaves the worker's routes.
    public func close() {
        close(reason: .closedByOwner, notifyPeer: true)
    }

    func close(reason: PeerCloseReason, notifyPeer: Bool) {
        guard !isClosed else { return }
        if notifyPeer, let dtls, let destination = remotePath ?? lastCheckedPath {
            for case .send(let datagram) in dtls.close() { send(datagram, on: destination) }
        }
        // An ICE-TCP connection serves one peer (RFC 6544 §5): it ends with it.
        for case .tcp(let connection) in [remotePath, lastCheckedPath] { connection.peerDidClose() }
        state = .closed(reason)
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        stopDataChannels()
        switch ice {
        case .lite(var agent):
            agent.close()
            ice = .lite(agent)
        case .controlling(var agent):
            agent.close()
            ice = .controlling(agent)
        }
        dtls = nil
        srtp = nil
        if reason == .closedByOwner {
            logger.debug("peer transport closed")
        } else {
            logger.info("peer transport closed", metadata: ["reason": "\(reason)"])
        }
        host.peerDidClose(self, reason: reason)
        delegate?.peerTransport(self, didCloseWith: reason)
    }
}
