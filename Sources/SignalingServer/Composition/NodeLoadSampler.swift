import Cluster
import NIOConcurrencyHelpers
import NIOCore

/// The load a node reports in each cluster heartbeat: rooms and
/// participants, and packets sent per second since the last sample. Read
/// from each worker on its own loop, as `/metrics` does.
final class NodeLoadSampler: Sendable {
    private let previous = NIOLockedValueBox<(packets: UInt64, at: NIODeadline)?>(nil)

    func sample(_ context: ServerContext) async -> NodeLoad {
        var rooms = 0
        var participants = 0
        var packets: UInt64 = 0
        for worker in context.workers.workers {
            let registry = context.registry(of: worker)
            guard
                let figures = try? await worker.eventLoop.submit({
                    let all = registry.value.rooms.values
                    return (all.count, all.reduce(0) { $0 + $1.participants.count }, worker.counters.datagramsSent)
                }).get()
            else { continue }
            rooms += figures.0
            participants += figures.1
            packets &+= figures.2
        }
        let now = NIODeadline.now()
        let last = previous.withLockedValue { previous in
            defer { previous = (packets, now) }
            return previous
        }
        var rate = 0.0
        if let last, now > last.at, packets >= last.packets {
            let seconds = Double((now - last.at).nanoseconds) / 1e9
            rate = Double(packets - last.packets) / seconds
        }
        return NodeLoad(rooms: rooms, participants: participants, packetsPerSecond: rate)
    }
}
