import ICELite
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import STUN
import TURN

/// The embedded TURN server's sockets (RFC 8656): UDP on the STUN port
/// (plain Binding answered as before), TCP and TLS listeners, and one UDP
/// relay socket per allocation, all on one event loop with the engine
/// (`TURNRelayHub`).
public final class TURNEndpoint: Sendable {
    public let udpAddress: SocketAddress
    public let tcpAddress: SocketAddress?
    public let tlsAddress: SocketAddress?
    private let eventLoop: any EventLoop
    private let hub: NIOLoopBound<TURNRelayHub>
    private let datagramHandler: NIOLoopBound<TURNDatagramHandler>
    private let listeners: [any Channel]

    private init(
        eventLoop: any EventLoop, hub: NIOLoopBound<TURNRelayHub>, datagramHandler: NIOLoopBound<TURNDatagramHandler>,
        udp: any Channel, tcp: (any Channel)?, tls: (any Channel)?
    ) throws {
        guard let udpAddress = udp.localAddress else { throw MediaTransportError.notBound }
        self.eventLoop = eventLoop
        self.hub = hub
        self.datagramHandler = datagramHandler
        self.udpAddress = udpAddress
        self.tcpAddress = tcp?.localAddress
        self.tlsAddress = tls?.localAddress
        self.listeners = [udp] + [tcp, tls].compactMap { $0 }
    }

    /// Binds every socket of `configuration` on `eventLoop`.
    public static func bind(
        configuration: TURNEndpointConfiguration, on eventLoop: any EventLoop,
        logger: Logger = Logger(label: "switchboard.turn")
    ) async throws -> TURNEndpoint {
        guard let relayIP = try STUNAddress(SocketAddress(ipAddress: configuration.relayHost, port: 0))?.ip else {
            throw TURNEndpointError.badRelayAddress(configuration.relayHost)
        }
        let tlsContext = try configuration.tlsPort > 0 ? makeTLSContext(configuration) : nil
        let (hub, datagramHandler) = try await eventLoop.submit {
            let hub = TURNRelayHub(
                eventLoop: eventLoop, configuration: configuration, relayIP: relayIP, logger: logger)
            let handler = TURNDatagramHandler(hub: hub, responder: STUNBindingResponder(configuration: configuration.binding))
            return (NIOLoopBound(hub, eventLoop: eventLoop), NIOLoopBound(handler, eventLoop: eventLoop))
        }.get()
        var bound: [any Channel] = []
        do {
            let udp = try await DatagramBootstrap(group: eventLoop)
                .channelOption(.datagramVectorReadMessageCount, value: 16)
                .socketBuffers(configuration.socketBufferBytes)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 16 * maxDatagramSize))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(datagramHandler.value)
                    }
                }
                .bind(host: configuration.host, port: configuration.udpPort).get()
            bound.append(udp)
            try await eventLoop.submit { hub.value.datagramChannel = udp }.get()
            let tcp = try await listen(configuration.tcpPort, transport: .tcp, tls: nil, configuration, hub, eventLoop)
            if let tcp { bound.append(tcp) }
            let tls = try await listen(
                configuration.tlsPort, transport: .tls, tls: tlsContext, configuration, hub, eventLoop)
            if let tls { bound.append(tls) }
            return try TURNEndpoint(
                eventLoop: eventLoop, hub: hub, datagramHandler: datagramHandler, udp: udp, tcp: tcp, tls: tls)
        } catch {
            for channel in bound { try? await channel.close() }
            throw error
        }
    }

    /// A TCP listener whose connections (through TLS when `tls` is set)
    /// each get a `TURNStreamHandler`; nil when `port` is 0.
    private static func listen(
        _ port: Int, transport: TURNTransport, tls: NIOSSLContext?, _ configuration: TURNEndpointConfiguration,
        _ hub: NIOLoopBound<TURNRelayHub>, _ eventLoop: any EventLoop
    ) async throws -> (any Channel)? {
        guard port > 0 else { return nil }
        // One loop for listener and connections: the engine is confined to it.
        return try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    try pipeline.addHandler(TURNStreamHandler(hub: hub.value, transport: transport))
                }
            }
            .bind(host: configuration.host, port: port).get()
    }

    private static func makeTLSContext(_ configuration: TURNEndpointConfiguration) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(configuration.tlsCertificatePEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(configuration.tlsPrivateKeyPEM.utf8), format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: tls)
    }

    /// The engine's and the sockets' counters.
    public func snapshot() async throws -> TURNEndpointSnapshot {
        try await eventLoop.submit { [hub, datagramHandler] in
            TURNEndpointSnapshot(
                engine: hub.value.engine.counters, endpoint: hub.value.counters,
                binding: datagramHandler.value.responder.counters)
        }.get()
    }

    /// Closes the listeners, then every connection and relay.
    public func close() async throws {
        for channel in listeners { try? await channel.close() }
        try await eventLoop.submit { [hub] in hub.value.closeAll() }.get()
    }
}

public enum TURNEndpointError: Error, Sendable, Hashable {
    /// The relay address is not an IP address.
    case badRelayAddress(String)
}
