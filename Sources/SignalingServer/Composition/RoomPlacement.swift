import NIOConcurrencyHelpers

/// Where a room lives. Today: which media workers of this node; a cluster
/// placement (a claim in the database) answers the same questions.
///
/// A room lives on one worker until it holds `spreadAfter` participants;
/// then each further join goes to the worker holding the fewest of them,
/// where the room gets a shard (docs/shards.md). A shard is held while
/// anyone holds a claim on it (a join in flight or a participant in it).
protocol RoomPlacement: Sendable {
    /// The worker index for a join into `room`, claimed until `release`.
    func claim(_ room: String) -> Int
    /// A claim on `room`'s shard on `worker` ended (the join failed, or its
    /// participant left).
    func release(_ room: String, worker: Int)
    /// The worker `room` first went to while it holds it, else any of its shards.
    func placement(of room: String) -> Int?
    /// The workers holding a shard of `room`, the first first.
    func shards(of room: String) -> [Int]
}

/// A new room goes to the worker holding the fewest rooms, never to one
/// its name picks: a client choosing names cannot pile rooms onto one
/// worker (a hash of the name could be steered that way).
final class LeastLoadedWorkerPlacement: RoomPlacement {
    private struct Entry {
        /// Claims per worker; a worker with claims holds a shard.
        var claims: [Int: Int]
        /// Workers in the order their shards came.
        var order: [Int]
        var total: Int { claims.values.reduce(0, +) }
    }

    private struct State {
        var rooms: [String: Entry] = [:]
        var roomsPerWorker: [Int]
    }

    private let state: NIOLockedValueBox<State>
    /// Participants a room holds before it spreads; 0: never.
    let spreadAfter: Int
    /// Called outside the lock when `room`'s shard on a worker ended.
    let onShardEnded: (@Sendable (_ room: String, _ worker: Int) -> Void)?

    init(workers: Int, spreadAfter: Int = 0, onShardEnded: (@Sendable (String, Int) -> Void)? = nil) {
        state = NIOLockedValueBox(State(roomsPerWorker: Array(repeating: 0, count: max(1, workers))))
        self.spreadAfter = spreadAfter
        self.onShardEnded = onShardEnded
    }

    func claim(_ room: String) -> Int {
        state.withLockedValue { state in
            guard var entry = state.rooms[room] else {
                let chosen = Self.fewest(state.roomsPerWorker.indices) { state.roomsPerWorker[$0] }
                state.roomsPerWorker[chosen] += 1
                state.rooms[room] = Entry(claims: [chosen: 1], order: [chosen])
                return chosen
            }
            var chosen = entry.order[0]
            if spreadAfter > 0, entry.total >= spreadAfter, state.roomsPerWorker.count > 1 {
                // Fan-out cost follows participants: even them out.
                chosen = Self.fewest(state.roomsPerWorker.indices) { entry.claims[$0] ?? 0 }
            }
            if entry.claims[chosen] == nil {
                entry.order.append(chosen)
                state.roomsPerWorker[chosen] += 1
            }
            entry.claims[chosen, default: 0] += 1
            state.rooms[room] = entry
            return chosen
        }
    }

    func release(_ room: String, worker: Int) {
        let ended = state.withLockedValue { state -> Bool in
            guard var entry = state.rooms[room], let claims = entry.claims[worker] else { return false }
            if claims > 1 {
                entry.claims[worker] = claims - 1
                state.rooms[room] = entry
                return false
            }
            entry.claims[worker] = nil
            entry.order.removeAll { $0 == worker }
            state.roomsPerWorker[worker] -= 1
            state.rooms[room] = entry.order.isEmpty ? nil : entry
            return true
        }
        if ended { onShardEnded?(room, worker) }
    }

    func placement(of room: String) -> Int? {
        state.withLockedValue { $0.rooms[room]?.order.first }
    }

    func shards(of room: String) -> [Int] {
        state.withLockedValue { $0.rooms[room]?.order ?? [] }
    }

    /// Claims on `room`'s shard on `worker`.
    func claims(of room: String, worker: Int) -> Int {
        state.withLockedValue { $0.rooms[room]?.claims[worker] ?? 0 }
    }

    /// Rooms placed on each worker, a shard counting for its worker (for tests and metrics).
    var roomsPerWorker: [Int] { state.withLockedValue { $0.roomsPerWorker } }

    private static func fewest(_ indices: Range<Int>, by count: (Int) -> Int) -> Int {
        var chosen = indices.lowerBound
        for index in indices where count(index) < count(chosen) { chosen = index }
        return chosen
    }
}
