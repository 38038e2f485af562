import DTLS
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import Testing

/// Workers bind consecutive ports on distinct event loops, and a room
/// always maps to the same worker.
@Suite struct MediaWorkerGroupTests {
    @Test func workersBindConsecutivePortsOnTheirOwnLoops() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let context = try DTLSContext(configuration: DTLSConfiguration(certificate: DTLSCertificate.generate()))
        var logger = Logger(label: "test.workers")
        logger.logLevel = .critical
        // Ports in the dynamic range, retried a few times in case one is taken.
        var workers: MediaWorkerGroup?
        for _ in 0..<5 where workers == nil {
            let firstPort = Int.random(in: 49_200...60_000)
            workers = try? await MediaWorkerGroup.start(
                host: "127.0.0.1", firstPort: firstPort, count: 3, group: group, dtlsContext: context, logger: logger)
        }
        let group3 = try #require(workers)
        let ports = group3.workers.compactMap { $0.localAddress.port }
        #expect(ports.count == 3)
        #expect(ports == [ports[0], ports[0] + 1, ports[0] + 2])
        #expect(group3.workers[0].eventLoop !== group3.workers[1].eventLoop)
        #expect(group3.workers[0].eventLoop === group3.workers[2].eventLoop, "round robin past the loop count")
        try await group3.close()
        try await group.shutdownGracefully()
    }

    @Test func aTakenPortFailsCleanly() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let context = try DTLSContext(configuration: DTLSConfiguration(certificate: DTLSCertificate.generate()))
        let blocker = try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let taken = try #require(blocker.localAddress?.port)
        // The second worker's port is taken: start throws and closes the first.
        await #expect(throws: (any Error).self) {
            _ = try await MediaWorkerGroup.start(
                host: "127.0.0.1", firstPort: taken - 1, count: 2, group: group, dtlsContext: context)
        }
        try await blocker.close()
        try await group.shutdownGracefully()
    }
}
