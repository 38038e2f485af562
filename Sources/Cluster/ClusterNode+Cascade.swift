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
