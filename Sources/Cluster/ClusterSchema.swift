import PostgresNIO

/// The cluster's tables, created at start when missing. Every statement is
/// idempotent, and nodes starting together take an advisory lock so two
/// `CREATE TABLE IF NOT EXISTS` cannot race on the catalog.
enum ClusterSchema {
    /// Any fixed number: the lock only serialises migrations.
    static let migrationLock: Int64 = 0x5357_4254_4348

    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS nodes (
            id text PRIMARY KEY,
            advertise_url text NOT NULL,
            media text NOT NULL DEFAULT '',
            rooms integer NOT NULL DEFAULT 0,
            participants integer NOT NULL DEFAULT 0,
            packets_per_second double precision NOT NULL DEFAULT 0,
            draining boolean NOT NULL DEFAULT false,
            started_at timestamptz NOT NULL DEFAULT now(),
            last_seen timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS rooms (
            name text PRIMARY KEY,
            node_id text NOT NULL,
            epoch bigint NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE INDEX IF NOT EXISTS rooms_node_id ON rooms (node_id)",
        // Recording failover: a node taking a room over records it again.
        "ALTER TABLE rooms ADD COLUMN IF NOT EXISTS recording boolean NOT NULL DEFAULT false",
        // Cascade placement: which nodes have local members of a room.
        """
        CREATE TABLE IF NOT EXISTS room_members (
            room text NOT NULL,
            node_id text NOT NULL,
            participants integer NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (room, node_id)
        )
        """,
    ]

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            for statement in statements {
                try await connection.query(statement, logger: logger)
            }
        }
    }
}
