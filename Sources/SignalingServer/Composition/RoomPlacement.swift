import NIOConcurrencyHelpers

/// Where a room lives. Today: which media worker of this node; a cluster
/// placement (a claim in the database) answers the same questions.
///
/// Every participant of a room must meet on one worker, so a room keeps
/// its worker while anyone holds a claim on it (a join in flight or a
/// participant in the room).
protocol RoomPlacement: Sendable {
    /// The worker index for a join into `room`, claimed until `release`.
    func claim(_ room: String) -> Int
    /// A claim ended (the join failed, or its participant left).
    func release(_ room: String)
    /// The worker index `room` lives on, if anyone holds it.
    func placement(of room: String) -> Int?
}

/// A new room goes to the worker holding the fewest rooms, never to one
/// its name picks: a client choosing names cannot pile rooms onto one
/// worker (a hash of the name could be steered that way).
final class LeastLoadedWorkerPlacement: RoomPlacement {
    private struct Entry {
        var worker: Int
        var claims: Int
    }

    private struct State {
        var rooms: [String: Entry] = [:]
        var roomsPerWorker: [Int]
    }

    private let state: NIOLockedValueBox<State>

    init(workers: Int) {
        state = NIOLockedValueBox(State(roomsPerWorker: Array(repeating: 0, count: max(1, workers))))
    }

    func claim(_ room: String) -> Int {
        state.withLockedValue { state in
            if var entry = state.rooms[room] {
                entry.claims += 1
                state.rooms[room] = entry
                return entry.worker
            }
            var chosen = 0
            for index in state.roomsPerWorker.indices where state.roomsPerWorker[index] < state.roomsPerWorker[chosen] {
                chosen = index
            }
            state.roomsPerWorker[chosen] += 1
            state.rooms[room] = Entry(worker: chosen, claims: 1)
            return chosen
        }
    }

    func release(_ room: String) {
        state.withLockedValue { state in
            guard var entry = state.rooms[room] else { return }
            entry.claims -= 1
            if entry.claims > 0 {
                state.rooms[room] = entry
            } else {
                state.rooms[room] = nil
                state.roomsPerWorker[entry.worker] -= 1
            }
        }
    }

    func placement(of room: String) -> Int? {
        state.withLockedValue { $0.rooms[room]?.worker }
    }

    /// Rooms placed on each worker (for tests and metrics).
    var roomsPerWorker: [Int] { state.withLockedValue { $0.roomsPerWorker } }
}
