import DTLS
import Logging
import NIOCore
import NIOPosix

/// The server's media workers: one per event loop of `group`, each with
/// its own UDP socket on consecutive ports (firstPort, firstPort + 1, ...).
/// Rooms are placed on one worker each, so all of a room's packets stay on
/// one thread.
public final class MediaWorkerGroup: Sendable {
    public let workers: [MediaWorker]

    private init(workers: [MediaWorker]) {
        self.workers = workers
    }

    /// Binds `count` workers on `host`, ports `firstPort` up, on distinct
    /// event loops of `group` (round robin when `count` exceeds them). On a
    /// failure the workers already bound are closed before throwing.
    public static func start(
        host: String, firstPort: Int, count: Int, group: any EventLoopGroup, dtlsContext: DTLSContext,
        configuration: MediaTransportConfiguration = MediaTransportConfiguration(),
        logger: Logger = Logger(label: "switchboard.media")
    ) async throws -> MediaWorkerGroup {
        precondition(count >= 1, "at least one media worker")
        var workers: [MediaWorker] = []
        let loops = Array(group.makeIterator())
        do {
            for index in 0..<count {
                let loop = loops[index % loops.count]
                var workerLogger = logger
                workerLogger[metadataKey: "worker"] = "\(index)"
                workers.append(
                    try await MediaWorker.bind(
                        host: host, port: firstPort + index, on: loop, dtlsContext: dtlsContext,
                        configuration: configuration, logger: workerLogger))
            }
        } catch {
            for worker in workers { try? await worker.close() }
            throw error
        }
        return MediaWorkerGroup(workers: workers)
    }

    public func close() async throws {
        for worker in workers { try await worker.close() }
    }
}
