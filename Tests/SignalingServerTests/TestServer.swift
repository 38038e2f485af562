import DTLS
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Rooms
import Testing

@testable import SignalingServer

/// One media worker and the context sessions share, without HTTP.
final class TestServer: Sendable {
    /// A session whose socket counts how often it was closed for being stuck.
    struct Client: Sendable {
        let session: SignalingSession
        let stuck: NIOLockedValueBox<Int>
    }

    static let room = "outbox-room"

    let group: MultiThreadedEventLoopGroup
    let workers: MediaWorkerGroup
    let context: ServerContext

    private init(group: MultiThreadedEventLoopGroup, workers: MediaWorkerGroup, context: ServerContext) {
        self.group = group
        self.workers = workers
        self.context = context
    }

    static func start() async throws -> TestServer {
        var logger = Logger(label: "test.signaling")
        logger.logLevel = .critical
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let certificate = try DTLSCertificate.generate()
        let workers = try await MediaWorkerGroup.start(
            host: "127.0.0.1", firstPort: 0, count: 1, group: group,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: certificate)), logger: logger)
        var configuration = ServerConfiguration()
        configuration.server.bind = "127.0.0.1"
        let context = try await ServerContext(
            configuration: configuration, workers: workers, certificate: certificate, tokens: nil, logger: logger)
        return TestServer(group: group, workers: workers, context: context)
    }

    func session() -> Client {
        let stuck = NIOLockedValueBox(0)
        let outbox = SignalingOutbox(logger: context.logger, onStuck: { stuck.withLockedValue { $0 += 1 } })
        return Client(
            session: SignalingSession(context: context, remoteIP: "127.0.0.1", outbox: outbox, logger: context.logger),
            stuck: stuck)
    }

    func joinText(name: String) -> String {
        #"{"type":"join","room":"\#(Self.room)","name":"\#(name)"}"#
    }

    /// Runs `body` with the test room on its worker's loop.
    func onRoom(_ body: @escaping @Sendable (Room) -> Void) async throws {
        let worker = workers.workers[0]
        let registry = context.registry(of: worker)
        try await worker.eventLoop.submit {
            guard let room = registry.value.rooms[Self.room] else {
                Issue.record("nobody joined the room")
                return
            }
            body(room)
        }.get()
    }

    func shutdown() async throws {
        try await workers.close()
        try await group.shutdownGracefully()
    }
}
