import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// This node in the cluster: its row in `nodes` kept fresh by a heartbeat,
/// its room claims, draining, and leaving. Everything here is async and
/// bounded by `queryTimeout`; nothing runs on the media path.
public final class ClusterNode: Sendable {
    public let settings: ClusterSettings
    public let counters = ClusterCounters()
    let store: ClusterStore
    private let claims: RoomClaims
    let memberships: RoomMemberships
    let logger: Logger
    private let load: @Sendable () async -> NodeLoad
    private let draining = NIOLockedValueBox(false)
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])
    /// Recording flags to write, in order: a recording that starts and
    /// fails at once must not see its `false` land before its `true`.
    private let recordingFlags: AsyncStream<(room: String, recording: Bool)>.Continuation

    /// Connects, creates the tables if missing and writes the node's first
    /// row; an unreachable database is a startup error.
    public static func start(
        settings: ClusterSettings, logger: Logger, load: @escaping @Sendable () async -> NodeLoad
    ) async throws -> ClusterNode {
        let url = try DatabaseURL(parsing: settings.databaseURL)
        let node = ClusterNode(settings: settings, url: url, tls: try url.postgresTLS(), logger: logger, load: load)
        do {
            try await withDeadline(settings.queryTimeout * 2) { [store = node.store] in try await store.migrate() }
            try await node.beat()
        } catch {
            node.stopTasks()
            throw ClusterError.databaseUnreachable("\(url.host):\(url.port): \(error)")
        }
        node.startHeartbeat()
        logger.info(
            "joined the cluster", metadata: ["node": "\(settings.nodeID)", "advertise": "\(settings.advertiseURL)"])
        return node
    }

    private init(
        settings: ClusterSettings, url: DatabaseURL, tls: PostgresClient.Configuration.TLS, logger: Logger,
        load: @escaping @Sendable () async -> NodeLoad
    ) {
        self.settings = settings
        self.logger = logger
        self.load = load
        store = ClusterStore(
            url: url, tls: tls, maxConnections: settings.maxConnections, connectTimeout: settings.queryTimeout, logger: logger)
        claims = RoomClaims(store: store, settings: settings, counters: counters, logger: logger)
        memberships = RoomMemberships(store: store, settings: settings, counters: counters, logger: logger)
        let client = store.client
        let (flags, flagsContinuation) = AsyncStream<(room: String, recording: Bool)>.makeStream()
        recordingFlags = flagsContinuation
        let writer = Task { [store, settings, counters, logger] in
            for await flag in flags {
                await Self.writeRecordingFlag(
                    flag.room, flag.recording, store: store, settings: settings, counters: counters, logger: logger)
            }
        }
        tasks.withLockedValue { $0.append(contentsOf: [Task { await client.run() }, writer]) }
    }

    /// Holds `room` for a join: here, elsewhere, or unavailable.
    public func acquire(_ room: String) async -> ClaimOutcome {
        await claims.acquire(room)
    }

    /// Ends one hold taken by `acquire` (callable from any thread).
    public func release(_ room: String) {
        let claims = self.claims
        Task { await claims.release(room) }
    }

    /// What to do with a room taken over from a dead node that was
    /// recording it (the server arms its recording there).
    public func onRecordedTakeover(_ handler: @escaping @Sendable (String) async -> Void) async {
        await claims.setRecordedTakeoverHandler(handler)
    }

    /// Notes in the room's claim whether it is being recorded, so a node
    /// taking it over records it too. Best effort: bounded, and a failure
    /// is logged and counted, never waited for by the recording.
    /// Writes are made one at a time, in the order asked.
    public func markRecording(_ room: String, _ recording: Bool) {
        recordingFlags.yield((room, recording))
    }

    private static func writeRecordingFlag(
        _ room: String, _ recording: Bool, store: ClusterStore, settings: ClusterSettings, counters: ClusterCounters,
        logger: Logger
    ) async {
        do {
            try await withDeadline(settings.queryTimeout) {
                try await store.setRecording(room, node: settings.nodeID, recording: recording)
            }
            counters.update { $0.recordingFlags += 1 }
        } catch {
            counters.update { $0.recordingFlagFailures += 1 }
            logger.warning("could not note the recording in the room's claim", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }

    public var isDraining: Bool { draining.withLockedValue { $0 } }

    /// Takes no new rooms from now on; the rooms here stay until they empty.
    public func drain() async throws {
        draining.withLockedValue { $0 = true }
        counters.update { $0.draining = true }
        let store = self.store
        let id = settings.nodeID
        try await withDeadline(settings.queryTimeout) { try await store.setDraining(node: id) }
        logger.notice("draining: this node takes no new rooms", metadata: ["node": "\(id)"])
    }

    /// The registry and the claims, for `GET /cluster`.
    public func snapshot() async throws -> (nodes: [NodeRecord], rooms: [RoomClaim]) {
        let store = self.store
        let (nodes, rooms) = try await withDeadline(settings.queryTimeout) {
            (try await store.nodes(), try await store.claims())
        }
        return (nodes, rooms)
    }

    /// Leaves the cluster (shutdown): marks the node draining first so no
    /// room is placed here meanwhile, then removes its claims and its row
    /// so others take its rooms at once instead of after `staleAfter`.
    public func leave() async {
        // SIGTERM drained already (`ClusterDrainService`): one bounded wait, not two.
        if !isDraining { try? await drain() }
        let store = self.store
        let id = settings.nodeID
        do {
            try await withDeadline(settings.queryTimeout) { try await store.remove(node: id) }
            logger.info("left the cluster", metadata: ["node": "\(id)"])
        } catch {
            logger.warning("could not leave the cluster cleanly", metadata: ["error": "\(error)"])
        }
        stopTasks()
    }

    /// Keeps `task` to cancel when the node leaves.
    func addTask(_ task: Task<Void, Never>) {
        tasks.withLockedValue { $0.append(task) }
    }

    private func stopTasks() {
        for task in tasks.withLockedValue({ $0 }) { task.cancel() }
    }

    private func startHeartbeat() {
        let interval = settings.heartbeatInterval
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
                guard let self, !Task.isCancelled else { return }
                do {
                    try await self.beat()
                    try await self.sweep()
                } catch {
                    self.counters.update {
                        $0.heartbeatFailures += 1
                        $0.databaseUp = false
                    }
                    // Rooms keep running; only claims need the database.
                    self.logger.warning("cluster heartbeat failed", metadata: ["error": "\(error)"])
                }
            }
        }
        tasks.withLockedValue { $0.append(task) }
    }

    /// Writes the node's row and learns whether an operator drained it.
    private func beat() async throws {
        let load = await self.load()
        let store = self.store
        let settings = self.settings
        let drainingNow = isDraining
        let drained = try await withDeadline(settings.queryTimeout) {
            try await store.heartbeat(settings, load: load, draining: drainingNow)
        }
        if drained && !drainingNow {
            draining.withLockedValue { $0 = true }
            logger.notice("draining (set in the database): this node takes no new rooms")
        }
        counters.update {
            $0.heartbeats += 1
            $0.databaseUp = true
            $0.draining = drained
        }
    }

    /// Gives back claims homed here that nobody used within `claimGrace`,
    /// and counts the live nodes.
    private func sweep() async throws {
        let held = await claims.heldRooms
        let store = self.store
        let settings = self.settings
        let nodes = try await withDeadline(settings.queryTimeout) {
            try await store.releaseUnheld(node: settings.nodeID, held: held, grace: settings.claimGrace)
            try await store.removeStaleMembers(staleAfter: settings.staleAfter)
            return try await store.nodes()
        }
        try await memberships.repair()
        let live = nodes.filter { $0.isLive(staleAfter: settings.staleAfter) }.count
        counters.update { $0.liveNodes = live }
    }
}
