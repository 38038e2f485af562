import DTLS
import ICELite
import Logging
import NIOCore
import NIOPosix

/// One media worker: an event loop with its own UDP socket. Every peer of
/// the worker is handled on that loop, so packets cross no threads and take
/// no locks. Peers are created and used on `eventLoop` only.
public final class MediaWorker: Sendable {
    public let eventLoop: any EventLoop
    /// The bound address (port resolved when 0 was asked).
    public let localAddress: SocketAddress
    /// The bound ICE-TCP listener's address, when the worker has one.
    public let tcpLocalAddress: SocketAddress?
    public let configuration: MediaTransportConfiguration
    private let channel: any Channel
    private let tcpListener: (any Channel)?
    private let handler: NIOLoopBound<MediaWorkerHandler>
    private let dtlsContext: DTLSContext
    private let logger: Logger

    private init(
        eventLoop: any EventLoop, channel: any Channel, tcpListener: (any Channel)?,
        handler: NIOLoopBound<MediaWorkerHandler>, dtlsContext: DTLSContext, configuration: MediaTransportConfiguration,
        logger: Logger
    ) throws {
        guard let localAddress = channel.localAddress else { throw MediaTransportError.notBound }
        self.eventLoop = eventLoop
        self.channel = channel
        self.tcpListener = tcpListener
        self.tcpLocalAddress = tcpListener?.localAddress
        self.handler = handler
        self.dtlsContext = dtlsContext
        self.configuration = configuration
        self.logger = logger
        self.localAddress = localAddress
    }

    /// Binds a UDP socket to `host`:`port` on `eventLoop`. `dtlsContext`
    /// holds the certificate and the role (server for the SFU's workers,
    /// client for bots) of every peer of this worker; `clock` is the time
    /// its peers read and set their timers by (a manual one in tests).
    /// With `iceTCP` the worker also listens for ICE-TCP on the same loop.
    public static func bind(
        host: String, port: Int, on eventLoop: any EventLoop, dtlsContext: DTLSContext,
        configuration: MediaTransportConfiguration = MediaTransportConfiguration(),
        iceTCP: ICETCPListenerSettings? = nil,
        clock: any MediaClock = SystemMediaClock(), logger: Logger = Logger(label: "switchboard.media")
    ) async throws -> MediaWorker {
        let handler = try await eventLoop.submit {
            NIOLoopBound(MediaWorkerHandler(eventLoop: eventLoop, clock: clock, logger: logger), eventLoop: eventLoop)
        }.get()
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.datagramVectorReadMessageCount, value: configuration.vectorReadCount)
            .socketBuffers(configuration.socketBufferBytes)
            // Past the high mark the channel is not writable: sends drop.
            .channelOption(
                .writeBufferWaterMark,
                value: .init(low: configuration.sendQueueBytes / 2, high: max(1, configuration.sendQueueBytes)))
            // NIO splits the read buffer evenly among the vector's messages.
            .channelOption(
                .recvAllocator,
                value: FixedSizeRecvByteBufferAllocator(capacity: configuration.vectorReadCount * maxDatagramSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
            .bind(host: host, port: port)
            .get()
        var tcpListener: (any Channel)?
        if let iceTCP {
            do {
                tcpListener = try await bindICETCP(
                    host: host, port: iceTCP.port ?? channel.localAddress?.port ?? 0, on: eventLoop, handler: handler,
                    settings: iceTCP)
            } catch {
                try? await channel.close()
                throw error
            }
        }
        return try MediaWorker(
            eventLoop: eventLoop, channel: channel, tcpListener: tcpListener, handler: handler,
            dtlsContext: dtlsContext, configuration: configuration, logger: logger)
    }

    /// Creates a server-role peer (ICE-lite) for a client whose SDP gave
    /// `remoteCredentials` and `remoteFingerprint`. Its local credentials go
    /// into the server's SDP. DTLS runs as the negotiation said (RFC 5763
    /// §5): server unless the client chose `setup:passive`, and then the
    /// server sends the ClientHello once ICE selects a path. Call on `eventLoop`.
    public func makeServerPeer(
        localCredentials: ICECredentials = .random(), remoteCredentials: ICECredentials,
        remoteFingerprint: DTLSFingerprint, dtlsRole: DTLSRole = .server, delegate: (any PeerTransportDelegate)?
    ) throws -> PeerTransport {
        try makePeer(
            role: .server, localCredentials: localCredentials, remoteCredentials: remoteCredentials,
            remoteFingerprint: remoteFingerprint, dtlsRole: dtlsRole, delegate: delegate)
    }

    /// Creates a client-role peer (controlling ICE agent, DTLS client)
    /// toward a lite server at `remote`, and starts its checks. Call on
    /// `eventLoop`.
    public func makeClientPeer(
        remote: SocketAddress, localCredentials: ICECredentials = .random(), remoteCredentials: ICECredentials,
        remoteFingerprint: DTLSFingerprint, dtlsRole: DTLSRole = .client, delegate: (any PeerTransportDelegate)?
    ) throws -> PeerTransport {
        try makePeer(
            role: .client(remote: remote), localCredentials: localCredentials,
            remoteCredentials: remoteCredentials, remoteFingerprint: remoteFingerprint, dtlsRole: dtlsRole,
            delegate: delegate)
    }

    private func makePeer(
        role: PeerTransport.Role, localCredentials: ICECredentials, remoteCredentials: ICECredentials,
        remoteFingerprint: DTLSFingerprint, dtlsRole: DTLSRole, delegate: (any PeerTransportDelegate)?
    ) throws -> PeerTransport {
        eventLoop.preconditionInEventLoop()
        let dtls = try DTLSEndpoint(
            context: dtlsContext, role: dtlsRole, remoteFingerprint: remoteFingerprint, mtu: configuration.mtu,
            initialRetransmissionTimeout: configuration.dtlsInitialRetransmissionTimeout)
        let peer = PeerTransport(
            role: role, localCredentials: localCredentials, remoteCredentials: remoteCredentials, dtls: dtls,
            host: handler.value, configuration: configuration, clock: handler.value.clock, logger: logger)
        peer.delegate = delegate
        handler.value.register(peer)
        peer.start()
        return peer
    }

    /// What the worker did so far. Call on `eventLoop`.
    public var counters: MediaTransportCounters { handler.value.counters }
    /// Peers registered and not yet closed. Call on `eventLoop`.
    public var peerCount: Int { handler.value.peerCount }
    /// Remote addresses routed to a peer. Call on `eventLoop`.
    public var routedAddressCount: Int { handler.value.routedAddressCount }

    /// Closes every peer and ICE-TCP connection, then the sockets.
    public func close() async throws {
        try? await tcpListener?.close()
        try await eventLoop.submit { [handler] in handler.value.closeAllPeers() }.get()
        try await channel.close()
    }

    /// The channel handler, for the ICE-TCP counters.
    var handlerForICETCP: MediaWorkerHandler { handler.value }
}

/// Largest datagram read: above any path MTU WebRTC peers use.
let maxDatagramSize = 2_048

public enum MediaTransportError: Error, Sendable, Hashable {
    /// The socket reported no local address after binding.
    case notBound
}
