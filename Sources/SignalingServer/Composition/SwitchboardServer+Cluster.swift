import Cluster
import Foundation
import MediaTransport
import NIOConcurrencyHelpers

extension SwitchboardServer {
    /// Joins the cluster when `cluster.database_url` is set (nil otherwise);
    /// an unreachable database is a startup error. The heartbeat reads the
    /// node's load through `context`, filled once the context exists.
    func startCluster(
        workers: MediaWorkerGroup, context: NIOLockedValueBox<ServerContext?>
    ) async throws -> ClusterNode? {
        let cluster = configuration.cluster
        guard cluster.enabled else { return nil }
        var settings = ClusterSettings(
            databaseURL: cluster.databaseURL,
            nodeID: cluster.nodeID.isEmpty ? "node-" + UUID().uuidString.prefix(8).lowercased() : cluster.nodeID,
            advertiseURL: configuration.advertisedBaseURL())
        settings.mediaAddresses = workers.workers.enumerated().map { index, worker in
            let port = configuration.announcedMediaPort(workerIndex: index, boundPort: worker.localAddress.port ?? 0)
            return "\(configuration.announcedAddress):\(port)"
        }
        settings.heartbeatInterval = cluster.heartbeatIntervalSeconds
        settings.staleAfter = cluster.staleAfterSeconds
        settings.queryTimeout = cluster.queryTimeoutSeconds
        settings.claimGrace = cluster.claimGraceSeconds
        settings.maxConnections = cluster.maxDatabaseConnections
        let sampler = NodeLoadSampler()
        return try await ClusterNode.start(settings: settings, logger: logger) {
            guard let server = context.withLockedValue({ $0 }) else { return NodeLoad() }
            return await sampler.sample(server)
        }
    }
}
