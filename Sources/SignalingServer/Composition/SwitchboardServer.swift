import Cluster
import DTLS
import Foundation
import Hummingbird
import HummingbirdWebSocket
import ICELite
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import SignalingMessages
import SRTP

/// The whole server: media workers, the STUN (or TURN) endpoint, and the HTTP server
/// with the signaling WebSocket, the demo page, /healthz and /metrics.
/// The composition root: every piece is made and wired here, and nowhere
/// else.
public struct SwitchboardServer: Sendable {
    public var configuration: ServerConfiguration
    public var logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until SIGINT or SIGTERM, then shuts down cleanly. `onReady` is
    /// called once every socket is bound.
    public func run(onReady: @escaping @Sendable (String) -> Void = { print($0) }) async throws {
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: configuration.effectiveWorkerCount)
        logger.info("srtp: \(SRTPCipherImplementation.summary)")
        let certificate = try loadCertificate()
        let bind = configuration.server.bind
        let workers = try await StartupError.naming(
            "media port \(bind):\(configuration.media.port) (UDP and ICE-TCP; worker N on port + N)"
        ) { try await startWorkers(on: mediaGroup, certificate: certificate) }
        let turnSecret = turnEnabled ? makeTURNSecret() : []
        // TURN takes the STUN port and answers plain Binding there as before.
        var turn: TURNEndpoint?
        var stun: STUNEndpoint?
        if turnEnabled {
            let ports = "UDP \(configuration.stun.port), TCP \(configuration.turn.tcpPort), TLS \(configuration.turn.tlsPort)"
            turn = try await StartupError.naming("TURN server on \(bind) (\(ports))") {
                try await startTURN(on: mediaGroup, workers: workers, secret: turnSecret)
            }
        } else {
            stun = try await StartupError.naming("STUN port \(bind):\(configuration.stun.port)") {
                try await startSTUN(on: mediaGroup)
            }
        }
        let stunAddress = turn?.udpAddress ?? stun?.localAddress
        let tokens = configuration.auth.jwtKey.isEmpty ? nil : try await TokenVerifier(key: configuration.auth.jwtKey)
        let contextBox = NIOLockedValueBox<ServerContext?>(nil)
        let cluster: ClusterNode?
        do {
            cluster = try await startCluster(workers: workers, context: contextBox)
        } catch {
            // A startup error: close what is open, then say why.
            try? await workers.close()
            try? await stun?.close()
            try? await turn?.close()
            try? await mediaGroup.shutdownGracefully()
            throw error
        }
        // From here on a startup error must also take the node out of the
        // cluster: its heartbeat would otherwise keep a half-started node live.
        let context: ServerContext
        let ticks: [RoomTicker]
        let recordings: RecordingController
        let metrics: ServerMetrics
        do {
            context = try await ServerContext(
                configuration: configuration, workers: workers, certificate: certificate, tokens: tokens,
                cluster: cluster, turnSecret: turnSecret, logger: logger)
            contextBox.withLockedValue { $0 = context }
            context.cascade?.director.start(context: context, interval: configuration.cluster.heartbeatIntervalSeconds)
            ticks = try await startRoomTicks(context: context)
            recordings = RecordingController(context: context, logger: logger)
            metrics = ServerMetrics(context: context, recordingCounters: recordings.counters, turn: turn)
            try await recordings.install()
        } catch {
            contextBox.withLockedValue { $0?.cascade?.director.stop() }
            await cluster?.leave()
            try? await workers.close()
            try? await stun?.close()
            try? await turn?.close()
            try? await mediaGroup.shutdownGracefully()
            throw error
        }

        let media = HTTPMediaEndpoint(context: context, logger: logger)
        // One thread for HTTP and signaling I/O (the sessions run as tasks):
        // the Swift 6.3 runtime was seen to crash when two threads set up
        // the first HTTP connections at once, instantiating the same generic
        // metadata; one thread never does, and signaling needs no more.
        let httpGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let ready = NIOLockedValueBox(false)
        let app = makeApplication(
            router: HTTPRoutes.make(context: context, recordings: recordings, metrics: metrics, media: media),
            context: context, group: httpGroup, onRunning: { httpPort in
                ready.withLockedValue { $0 = true }
                onReady(readyLine(httpPort: httpPort, workers: workers, stun: stunAddress))
            })
        // A service that failed (the HTTP port taken, say) ends the run with
        // its error once everything is closed: the exit code says so.
        var failure: (any Error)?
        do {
            // In a cluster SIGTERM drains first (the last service stops
            // first): no room is placed here while the sockets close.
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
            if let cluster { services.append(.init(service: ClusterDrainService(cluster: cluster))) }
            try await ServiceGroup(
                configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            ).run()
        } catch {
            logger.error("server stopped", metadata: ["error": "\(error)"])
            // Before the ready line it is the HTTP listener that failed.
            let started = ready.withLockedValue { $0 }
            failure = started ? error : StartupError(part: "HTTP port \(bind):\(configuration.http.port)", underlying: error)
        }
        logger.info("shutting down")
        // WHIP and WHEP participants leave as the sockets' did.
        await media.closeAll()
        // Relays end before the loops their rooms live on.
        context.cascade?.director.stop()
        // Recordings first, while the loops still run: files get their cues and durations.
        await recordings.shutdown()
        for ticker in ticks { ticker.stop() }
        try? await workers.close()
        try? await stun?.close()
        // Claims go back and the node's row goes: others take its rooms at once.
        await cluster?.leave()
        try? await turn?.close()
        try? await httpGroup.shutdownGracefully()
        try await mediaGroup.shutdownGracefully()
        if let failure { throw failure }
    }

    private func loadCertificate() throws -> DTLSCertificate {
        let dtls = configuration.dtls
        if !dtls.certificate.isEmpty || !dtls.privateKey.isEmpty {
            return try DTLSCertificate(certificateFile: dtls.certificate, privateKeyFile: dtls.privateKey)
        }
        return try DTLSCertificate.generate()
    }

    /// One media worker (event loop and UDP port) per thread of `group`.
    private func startWorkers(
        on group: MultiThreadedEventLoopGroup, certificate: DTLSCertificate
    ) async throws -> MediaWorkerGroup {
        var media = MediaTransportConfiguration()
        media.mtu = configuration.media.mtu
        media.socketBufferBytes = configuration.media.socketBufferBytes
        media.sendQueueBytes = configuration.media.sendQueueBytes
        media.maxSRTPStreams = configuration.limits.maxSRTPStreamsPerSession
        media.consentTimeout = .milliseconds(Int64(configuration.ice.consentTimeoutSeconds * 1_000))
        return try await MediaWorkerGroup.start(
            host: configuration.server.bind, firstPort: configuration.media.port,
            count: configuration.effectiveWorkerCount, group: group,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: certificate)),
            configuration: media, iceTCP: configuration.iceTCP.enabled ? configuration.iceTCP.transportConfiguration : nil,
            logger: logger)
    }

    /// The plain STUN endpoint, unless `stun.port` turns it off.
    private func startSTUN(on group: MultiThreadedEventLoopGroup) async throws -> STUNEndpoint? {
        guard configuration.stun.port > 0 else { return nil }
        let rate = configuration.stun.requestsPerSecondPerSource
        return try await STUNEndpoint.bind(
            host: configuration.server.bind, port: configuration.stun.port, on: group.next(),
            configuration: .init(requestsPerSecond: rate, burst: rate * 2), logger: logger)
    }

    /// Every 50 ms each worker's rooms run what is due (keyframe requests,
    /// NACKs, TWCC feedback, reports, layer choice, active speaker).
    private func startRoomTicks(context: ServerContext) async throws -> [RoomTicker] {
        var tickers: [RoomTicker] = []
        for worker in context.workers.workers {
            tickers.append(try await RoomTicker.install(on: worker, registry: context.registry(of: worker)))
        }
        return tickers
    }

    /// The HTTP server: `router`'s routes, and `/rtc` upgraded to a
    /// signaling socket. `onRunning` gets the bound HTTP port.
    private func makeApplication(
        router: Router<SwitchboardRequestContext>, context: ServerContext, group: MultiThreadedEventLoopGroup,
        onRunning: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        let maxFrame = configuration.http.maxFrameBytes
        let endpoint = SignalingEndpoint(
            context: context, origins: OriginPolicy(allowedOrigins: configuration.http.allowedOrigins),
            maxMessageBytes: maxFrame * 4, logger: logger)
        let httpPort = configuration.http.port
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(maxFrameSize: maxFrame * 4)) { request, channel, _ in
                guard request.path == "/rtc" else { return .dontUpgrade }
                let caller = endpoint.caller(of: request, on: channel)
                return .upgrade([:]) { inbound, outbound, _ in
                    try await endpoint.serve(caller, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(
                address: .hostname(configuration.server.bind, port: httpPort), serverName: "switchboard"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? httpPort) },
            eventLoopGroupProvider: .shared(group),
            logger: logger
        )
    }

    /// The line `onReady` gets: where HTTP, media and STUN listen.
    private func readyLine(httpPort: Int, workers: MediaWorkerGroup, stun: SocketAddress?) -> String {
        let bind = configuration.server.bind
        let stunPart = stun.map { "\(bind):\($0.port ?? 0)" } ?? "off"
        let mediaPart = workers.workers.map { "\(bind):\($0.localAddress.port ?? 0)" }.joined(separator: ",")
        return "switchboard ready http=http://\(bind):\(httpPort) media=\(mediaPart) stun=\(stunPart)"
    }
}
