import Logging

/// This node's side of `room_members` (cascade placement): how many local
/// participants each room has here. The first one writes the row, the last
/// one deletes it; the writes of one room run in order, so a quick leave
/// and join cannot land in the wrong order.
actor RoomMemberships {
    private let store: ClusterStore
    private let settings: ClusterSettings
    private let counters: ClusterCounters
    private let logger: Logger
    private var counts: [String: Int] = [:]
    private var tails: [String: Task<Void, Never>] = [:]
    /// A write failed (database away): the heartbeat writes every row again.
    private var needsRepair = false

    init(store: ClusterStore, settings: ClusterSettings, counters: ClusterCounters, logger: Logger) {
        self.store = store
        self.settings = settings
        self.counters = counters
        self.logger = logger
    }

    /// Rooms with local members now.
    var rooms: [String] { Array(counts.keys) }

    /// A local participant joined (`delta` 1) or left (-1); the row follows
    /// when the room gains its first member or loses its last. Returns
    /// once the row is written.
    func change(_ room: String, by delta: Int) async {
        let before = counts[room, default: 0]
        let after = max(0, before + delta)
        counts[room] = after > 0 ? after : nil
        guard (before == 0) != (after == 0) else { return }
        let previous = tails[room]
        let store = self.store
        let settings = self.settings
        let task = Task { [counters, logger] in
            await previous?.value
            do {
                try await withDeadline(settings.queryTimeout) {
                    try await store.setMembers(room: room, node: settings.nodeID, count: after)
                }
            } catch {
                counters.update { $0.databaseUp = false }
                logger.warning("room membership not written", metadata: ["room": "\(room)", "error": "\(error)"])
                await self.markForRepair()
            }
        }
        tails[room] = task
        await task.value
        if tails[room] == task { tails[room] = nil }
    }

    private func markForRepair() {
        needsRepair = true
    }

    /// After a failed write: this node's rows as they are now (called by
    /// the heartbeat; a failure leaves it for the next one).
    func repair() async throws {
        guard needsRepair else { return }
        let store = self.store
        let node = settings.nodeID
        let counts = self.counts
        try await withDeadline(settings.queryTimeout) { try await store.replaceMembers(node: node, counts: counts) }
        needsRepair = false
    }
}
