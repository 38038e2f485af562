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
    /// ICE-TCP admission across the workers; nil without ICE-TCP.
    public let iceTCPLimiter: ICETCPConnectionLimiter?

    private init(workers: [MediaWorker], iceTCPLimiter: ICETCPConnectionLimiter?) {
        self.workers = workers
        self.iceTCPLimiter = iceTCPLimiter
    }

    /// Binds `count` workers on `host`, ports `firstPort` up, on distinct
    /// event loops of `group` (round robin when `count` exceeds them). On a
    /// failure the workers already bound are closed before throwing.
    /// With `iceTCP` each worker also listens for ICE-TCP: on
    /// `iceTCP.port` + index, or (port 0) on its UDP port number, or any
    /// free port when the UDP ports are chosen freely too (`firstPort` 0).
    public static func start(
        host: String, firstPort: Int, count: Int, group: any EventLoopGroup, dtlsContext: DTLSContext,
        configuration: MediaTransportConfiguration = MediaTransportConfiguration(),
        iceTCP: ICETCPConfiguration? = nil,
        logger: Logger = Logger(label: "switchboard.media")
    ) async throws -> MediaWorkerGroup {
        let limiter = iceTCP.map {
            ICETCPConnectionLimiter(
                maxConnections: $0.maxConnections, maxConnectionsPerAddress: $0.maxConnectionsPerAddress)
        }
        precondition(count >= 1, "at least one media worker")
        var workers: [MediaWorker] = []
        let loops = Array(group.makeIterator())
        do {
            for index in 0..<count {
                let loop = loops[index % loops.count]
                var workerLogger = logger
                workerLogger[metadataKey: "worker"] = "\(index)"
                var listener: ICETCPListenerSettings?
                if let iceTCP, let limiter {
                    let port: Int? = iceTCP.port > 0 ? iceTCP.port + index : (firstPort > 0 ? nil : 0)
                    listener = ICETCPListenerSettings(configuration: iceTCP, limiter: limiter, port: port)
                }
                workers.append(
                    try await MediaWorker.bind(
                        host: host, port: firstPort + index, on: loop, dtlsContext: dtlsContext,
                        configuration: configuration, iceTCP: listener, logger: workerLogger))
            }
        } catch {
            for worker in workers { try? await worker.close() }
            throw error
        }
        return MediaWorkerGroup(workers: workers, iceTCPLimiter: limiter)
    }

    public func close() async throws {
        for worker in workers { try await worker.close() }
    }
}
