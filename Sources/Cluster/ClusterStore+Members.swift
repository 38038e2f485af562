import PostgresNIO

/// `room_members` (cascade placement): which nodes have local members of
/// a room. Each node writes only its own rows.
extension ClusterStore {
    /// The channel a node notifies when its membership of a room changes.
    static let membersChannel = "switchboard_room_members"

    /// Records `count` local members of `room` on `node` (0 deletes the row)
    /// and tells listening nodes.
    func setMembers(room: String, node: String, count: Int) async throws {
        if count > 0 {
            try await client.query(
                """
                INSERT INTO room_members (room, node_id, participants, updated_at) VALUES (\(room), \(node), \(count), now())
                ON CONFLICT (room, node_id) DO UPDATE SET participants = EXCLUDED.participants, updated_at = now()
                """, logger: logger)
        } else {
            try await client.query(
                "DELETE FROM room_members WHERE room = \(room) AND node_id = \(node)", logger: logger)
        }
        try await client.query("SELECT pg_notify(\(Self.membersChannel), \(room))", logger: logger)
    }

    /// Makes `node`'s rows exactly `counts` (after writes were lost).
    func replaceMembers(node: String, counts: [String: Int]) async throws {
        let rooms = Array(counts.keys)
        try await client.query(
            "DELETE FROM room_members WHERE node_id = \(node) AND NOT (room = ANY(\(rooms)))", logger: logger)
        for (room, count) in counts { try await setMembers(room: room, node: node, count: count) }
    }

    /// Forgets the rows of nodes gone stale (a node killed without leaving).
    func removeStaleMembers(staleAfter: Double) async throws {
        try await client.query(
            """
            DELETE FROM room_members WHERE node_id NOT IN
              (SELECT id FROM nodes WHERE last_seen > now() - make_interval(secs => \(staleAfter)))
            """, logger: logger)
    }

    /// The nodes with members of each of `rooms`.
    func members(of rooms: [String]) async throws -> [String: [String]] {
        let rows = try await client.query(
            "SELECT room, node_id FROM room_members WHERE room = ANY(\(rooms)) ORDER BY room, node_id", logger: logger)
        var members: [String: [String]] = [:]
        for try await (room, node) in rows.decode((String, String).self) { members[room, default: []].append(node) }
        return members
    }
}
