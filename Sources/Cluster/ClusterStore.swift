import Foundation
import PostgresNIO

/// Every SQL statement of the cluster, over one PostgreSQL client. Only
/// this type talks to the database; callers bound each call in time.
final class ClusterStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    init(url: DatabaseURL, tls: PostgresClient.Configuration.TLS, maxConnections: Int, connectTimeout: Double, logger: Logger) {
        var configuration: PostgresClient.Configuration
        if let socket = url.socketPath {
            configuration = .init(
                unixSocketPath: socket, username: url.username, password: url.password, database: url.database)
        } else {
            configuration = .init(
                host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
                tls: tls)
        }
        configuration.options.maximumConnections = max(1, maxConnections)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1_000))
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    func migrate() async throws {
        try await ClusterSchema.migrate(client, logger: logger)
    }

    /// Writes this node's row (liveness and load); answers whether the
    /// node is draining, which an operator may also set in the table.
    func heartbeat(_ settings: ClusterSettings, load: NodeLoad, draining: Bool) async throws -> Bool {
        let media = settings.mediaAddresses.joined(separator: ",")
        let rows = try await client.query(
            """
            INSERT INTO nodes (id, advertise_url, media, rooms, participants, packets_per_second, draining, last_seen)
            VALUES (\(settings.nodeID), \(settings.advertiseURL), \(media), \(load.rooms), \(load.participants),
                    \(load.packetsPerSecond), \(draining), now())
            ON CONFLICT (id) DO UPDATE SET advertise_url = EXCLUDED.advertise_url, media = EXCLUDED.media,
                rooms = EXCLUDED.rooms, participants = EXCLUDED.participants,
                packets_per_second = EXCLUDED.packets_per_second,
                draining = nodes.draining OR EXCLUDED.draining, last_seen = now()
            RETURNING draining
            """, logger: logger)
        for try await draining in rows.decode(Bool.self) { return draining }
        return draining
    }

    /// Every registered node, with its age on the database's clock.
    func nodes() async throws -> [NodeRecord] {
        let rows = try await client.query(
            """
            SELECT n.id, n.advertise_url, n.media, n.rooms, n.participants, n.packets_per_second, n.draining,
                   (SELECT count(*) FROM rooms r WHERE r.node_id = n.id),
                   EXTRACT(EPOCH FROM (now() - n.last_seen))::float8
            FROM nodes n ORDER BY n.id
            """, logger: logger)
        var nodes: [NodeRecord] = []
        for try await (id, url, media, rooms, participants, rate, draining, claimed, age) in rows.decode(
            (String, String, String, Int, Int, Double, Bool, Int64, Double).self)
        {
            nodes.append(
                NodeRecord(
                    id: id, advertiseURL: url, media: media,
                    load: .init(rooms: rooms, participants: participants, packetsPerSecond: rate), draining: draining,
                    claimedRooms: Int(claimed), secondsSinceHeartbeat: age))
        }
        return nodes
    }

    func claim(of room: String) async throws -> RoomClaim? {
        let rows = try await client.query(
            "SELECT node_id, epoch, recording FROM rooms WHERE name = \(room)", logger: logger)
        for try await (node, epoch, recording) in rows.decode((String, Int64, Bool).self) {
            return RoomClaim(room: room, nodeID: node, epoch: epoch, recording: recording)
        }
        return nil
    }

    func claims() async throws -> [RoomClaim] {
        let rows = try await client.query(
            "SELECT name, node_id, epoch, recording FROM rooms ORDER BY name", logger: logger)
        var claims: [RoomClaim] = []
        for try await (room, node, epoch, recording) in rows.decode((String, String, Int64, Bool).self) {
            claims.append(RoomClaim(room: room, nodeID: node, epoch: epoch, recording: recording))
        }
        return claims
    }

    /// Claims an unclaimed room for `node`; nil when another claim won.
    func insertClaim(_ room: String, node: String) async throws -> Int64? {
        let rows = try await client.query(
            """
            INSERT INTO rooms (name, node_id, epoch, claimed_at) VALUES (\(room), \(node), 1, now())
            ON CONFLICT (name) DO NOTHING RETURNING epoch
            """, logger: logger)
        for try await epoch in rows.decode(Int64.self) { return epoch }
        return nil
    }

    /// Moves a room whose claim is still at `epoch` to `node`, with the
    /// epoch incremented, and whether the room was being recorded; nil
    /// when the claim changed meanwhile.
    func takeOver(_ room: String, node: String, fromEpoch epoch: Int64) async throws -> (epoch: Int64, recording: Bool)? {
        let rows = try await client.query(
            """
            UPDATE rooms SET node_id = \(node), epoch = epoch + 1, claimed_at = now()
            WHERE name = \(room) AND epoch = \(epoch) RETURNING epoch, recording
            """, logger: logger)
        for try await (epoch, recording) in rows.decode((Int64, Bool).self) { return (epoch, recording) }
        return nil
    }

    /// Marks whether `node`'s claim of `room` is being recorded (a release
    /// deletes the row, which clears it).
    func setRecording(_ room: String, node: String, recording: Bool) async throws {
        try await client.query(
            "UPDATE rooms SET recording = \(recording) WHERE name = \(room) AND node_id = \(node)", logger: logger)
    }

    /// Releases `room` if `node` still holds it.
    func release(_ room: String, node: String) async throws {
        try await client.query("DELETE FROM rooms WHERE name = \(room) AND node_id = \(node)", logger: logger)
    }

    /// Releases claims of `node` older than `grace` seconds that none of
    /// `held` names (redirected clients that never arrived).
    func releaseUnheld(node: String, held: [String], grace: Double) async throws {
        try await client.query(
            """
            DELETE FROM rooms WHERE node_id = \(node) AND NOT (name = ANY(\(held)))
              AND claimed_at < now() - make_interval(secs => \(grace))
            """, logger: logger)
    }

    func setDraining(node: String) async throws {
        try await client.query("UPDATE nodes SET draining = true WHERE id = \(node)", logger: logger)
    }

    /// Leaves the cluster: the node's claims, memberships and row go.
    func remove(node: String) async throws {
        try await client.query("DELETE FROM rooms WHERE node_id = \(node)", logger: logger)
        try await client.query("DELETE FROM room_members WHERE node_id = \(node)", logger: logger)
        try await client.query("DELETE FROM nodes WHERE id = \(node)", logger: logger)
    }
}
