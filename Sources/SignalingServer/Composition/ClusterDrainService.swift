import Cluster
import ServiceLifecycle

/// Drains the node when shutdown begins, before the HTTP server stops.
struct ClusterDrainService: Service {
    let cluster: ClusterNode

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        try? await cluster.drain()
    }
}
