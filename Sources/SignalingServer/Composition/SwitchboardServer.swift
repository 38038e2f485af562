import DTLS
import Foundation
import Hummingbird
import HummingbirdWebSocket
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import ServiceLifecycle
import SignalingMessages

/// The whole server: media workers, the STUN endpoint, and the HTTP server
/// with the signaling WebSocket, the demo page, /healthz and /metrics.
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
        let configuration = self.configuration
        let workerCount = configuration.effectiveWorkerCount
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: workerCount)
        let certificate = try loadCertificate()
        let dtlsContext = try DTLSContext(configuration: DTLSConfiguration(certificate: certificate))
        var mediaConfiguration = MediaTransportConfiguration()
        mediaConfiguration.mtu = configuration.media.mtu
        mediaConfiguration.maxSRTPStreams = configuration.limits.maxSRTPStreamsPerSession
        mediaConfiguration.consentTimeout = .milliseconds(Int64(configuration.ice.consentTimeoutSeconds * 1_000))

        let workers = try await MediaWorkerGroup.start(
            host: configuration.server.bind, firstPort: configuration.media.port, count: workerCount,
            group: mediaGroup, dtlsContext: dtlsContext, configuration: mediaConfiguration, logger: logger)
        let stun: STUNEndpoint? = configuration.stun.port <= 0 ? nil : try await STUNEndpoint.bind(
                host: configuration.server.bind, port: configuration.stun.port, on: mediaGroup.next(),
                configuration: .init(
                    requestsPerSecond: configuration.stun.requestsPerSecondPerSource,
                    burst: configuration.stun.requestsPerSecondPerSource * 2),
                logger: logger)
        let tokens = configuration.auth.jwtKey.isEmpty ? nil : try await TokenVerifier(key: configuration.auth.jwtKey)
        let context = try await ServerContext(
            configuration: configuration, workers: workers, certificate: certificate, tokens: tokens, logger: logger)
        let ticks = try await startRoomTicks(context: context)
        let recordings = RecordingController(context: context, logger: logger)
        let metrics = ServerMetrics(context: context, recordingCounters: recordings.counters)
        try await recordings.install()

        let router = HTTPRoutes.make(context: context, recordings: recordings, metrics: metrics)

        let maxFrame = configuration.http.maxFrameBytes
        let origins = OriginPolicy(allowedOrigins: configuration.http.allowedOrigins)
        let logger = self.logger
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                configuration: .init(maxFrameSize: maxFrame * 4)
            ) { request, channel, _ in
                guard request.path == "/rtc" else { return .dontUpgrade }
                let remoteIP = channel.remoteAddress?.ipAddress ?? "unknown"
                let originAllowed = origins.allows(request)
                return .upgrade([:]) { inbound, outbound, _ in
                    // Refused on the socket, where a page can read why (the
                    // handshake itself can only fail with an empty 400).
                    guard originAllowed else {
                        context.admission.count("allowed_origins")
                        await SignalingSocket.refuse(
                            outbound: outbound, error: SignalingError(code: .unauthorized, message: "this origin may not open /rtc"))
                        return
                    }
                    do throws(AdmissionControl.Refusal) {
                        try context.admission.admitConnection(from: remoteIP)
                    } catch {
                        await SignalingSocket.refuse(outbound: outbound, error: SignalingError(code: .limitReached, message: error.message))
                        return
                    }
                    defer { context.admission.release(connectionFrom: remoteIP) }
                    let session = SignalingSession(context: context, remoteIP: remoteIP, logger: logger)
                    // On SIGTERM the sockets end (their participants leave, so
                    // recordings finish) instead of holding the shutdown open.
                    try await cancelWhenGracefulShutdown {
                        try await SignalingSocket.serve(
                            session: session, inbound: inbound, outbound: outbound, maxMessageBytes: maxFrame * 4,
                            limits: configuration.limits)
                    }
                }
            },
            configuration: .init(
                address: .hostname(configuration.server.bind, port: configuration.http.port),
                serverName: "switchboard"),
            onServerRunning: { channel in
                let httpPort = channel.localAddress?.port ?? configuration.http.port
                let stunPart = stun.map { "127.0.0.1:\($0.localAddress.port ?? 0)" } ?? "off"
                let mediaPart = workers.workers.map { "\(configuration.server.bind):\($0.localAddress.port ?? 0)" }
                    .joined(separator: ",")
                onReady(
                    "switchboard ready http=http://\(configuration.server.bind):\(httpPort) media=\(mediaPart) stun=\(stunPart.replacingOccurrences(of: "127.0.0.1", with: configuration.server.bind))"
                )
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            logger.error("server stopped", metadata: ["error": "\(error)"])
        }
        logger.info("shutting down")
        // Recordings first, while the loops still run: files get their cues and durations.
        await recordings.shutdown()
        for ticker in ticks { ticker.stop() }
        try? await workers.close()
        try? await stun?.close()
        try await mediaGroup.shutdownGracefully()
    }

    private func loadCertificate() throws -> DTLSCertificate {
        let dtls = configuration.dtls
        if !dtls.certificate.isEmpty || !dtls.privateKey.isEmpty {
            return try DTLSCertificate(certificateFile: dtls.certificate, privateKeyFile: dtls.privateKey)
        }
        return try DTLSCertificate.generate()
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
}
