/// Cascade placement: every node serves any room, and nodes sharing a
/// room learn of each other through `room_members`.
extension ClusterNode {
    /// A local (non-relay) participant entered `room`; returns once the
    /// membership row is written (or failed, which the heartbeat repairs).
    public func memberJoined(_ room: String) async {
        await memberships.change(room, by: 1)
    }

    /// A local participant left `room` (callable from any thread).
    public func memberLeft(_ room: String) {
        let memberships = self.memberships
        Task { await memberships.change(room, by: -1) }
    }

    /// For each room with local members: the other live nodes that have
    /// members of it too (the nodes to pull relays from).
    public func farMembers() async throws -> [String: [NodeRecord]] {
        let rooms = await memberships.rooms
        guard !rooms.isEmpty else { return [:] }
        let store = self.store
        let settings = self.settings
        let (members, nodes) = try await withDeadline(settings.queryTimeout) {
            (try await store.members(of: rooms), try await store.nodes())
        }
        let live = Dictionary(
            nodes.filter { $0.isLive(staleAfter: settings.staleAfter) && $0.id != settings.nodeID }.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first })
        var far: [String: [NodeRecord]] = [:]
        for (room, ids) in members {
            let records = ids.compactMap { live[$0] }
            if !records.isEmpty { far[room] = records }
        }
        return far
    }

    /// Whether `id` is a registered, live node other than this one: only
    /// those may open relays here.
    public func isLivePeer(_ id: String) async -> Bool {
        guard id != settings.nodeID else { return false }
        let store = self.store
        let settings = self.settings
        guard let nodes = try? await withDeadline(settings.queryTimeout, { try await store.nodes() }) else { return false }
        return nodes.contains { $0.id == id && $0.isLive(staleAfter: settings.staleAfter) }
    }
}

extension ClusterNode {
    /// Calls `onChange` with the room whenever a node's membership of a
    /// room changes (`NOTIFY` from `room_members` writers), over one pooled
    /// connection held for it; a lost connection is retried every
    /// heartbeat interval (the heartbeat's re-read covers the gap).
    public func watchMembers(_ onChange: @escaping @Sendable (String) -> Void) {
        let store = self.store
        let interval = settings.heartbeatInterval
        let logger = self.logger
        let task = Task {
            while !Task.isCancelled {
                do {
                    try await store.client.withConnection { connection in
                        try await connection.listen(on: ClusterStore.membersChannel) { notifications in
                            for try await notification in notifications { onChange(notification.payload) }
                        }
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.debug("membership listener lost its connection", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
            }
        }
        addTask(task)
    }
}
