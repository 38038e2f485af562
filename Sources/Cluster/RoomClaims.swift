import Logging

/// This node's side of the `rooms` table: how many local participants
/// (or joins in flight) hold each room, and which claims the node owns.
/// The first hold of a room claims it in the database; the last release
/// gives it back. Database steps of one room run one after another, so a
/// release can never delete a claim a newer join just relied on.
actor RoomClaims {
    private let store: ClusterStore
    private let settings: ClusterSettings
    private let counters: ClusterCounters
    private let logger: Logger
    private var holds: [String: Int] = [:]
    /// Rooms whose claim this node owns, with the claim's epoch.
    private var owned: [String: Int64] = [:]
    private var tails: [String: Task<Void, Never>] = [:]
    /// Called with a room taken over from a dead node that was recording it.
    private var onRecordedTakeover: (@Sendable (String) async -> Void)?
    /// Tries of one claim when other nodes keep winning the race.
    private static let attempts = 3

    init(store: ClusterStore, settings: ClusterSettings, counters: ClusterCounters, logger: Logger) {
        self.store = store
        self.settings = settings
        self.counters = counters
        self.logger = logger
    }

    func setRecordedTakeoverHandler(_ handler: @escaping @Sendable (String) async -> Void) {
        onRecordedTakeover = handler
    }

    /// Holds `room` for one join; `.here` must be matched by `release`.
    func acquire(_ room: String) async -> ClaimOutcome {
        holds[room, default: 0] += 1
        let outcome: ClaimOutcome
        if let epoch = owned[room] {
            outcome = .here(epoch: epoch)
        } else {
            outcome = await serialized(room) { await self.claimStep(room) }
        }
        counters.update { counters in
            switch outcome {
            case .here: counters.claimsHere += 1
            case .elsewhere: counters.claimsRedirected += 1
            case .unavailable: counters.claimsFailed += 1
            }
        }
        if case .here = outcome {} else { drop(room) }
        return outcome
    }

    /// A hold ended (the participant left, or its join failed).
    func release(_ room: String) {
        drop(room)
    }

    /// Rooms held here now (for the sweep of unused claims).
    var heldRooms: [String] { Array(holds.keys) }

    private func drop(_ room: String) {
        guard let count = holds[room] else { return }
        if count > 1 {
            holds[room] = count - 1
            return
        }
        holds[room] = nil
        Task { await self.serialized(room) { await self.releaseStep(room) } }
    }

    private func claimStep(_ room: String) async -> ClaimOutcome {
        if let epoch = owned[room] { return .here(epoch: epoch) }
        let store = self.store
        let settings = self.settings
        do {
            for _ in 0..<Self.attempts {
                let (claim, nodes) = try await withDeadline(settings.queryTimeout) {
                    (try await store.claim(of: room), try await store.nodes())
                }
                let decision = PlacementDecision.decide(
                    claim: claim, nodes: nodes, selfID: settings.nodeID, staleAfter: settings.staleAfter)
                switch decision {
                case .home(let node, let epoch):
                    // Another node took a recorded room over on this node's behalf.
                    if claim?.recording == true { await resumeRecording(room, home: node.id) }
                    return settle(room, node: node, epoch: epoch)
                case .noNodeAvailable:
                    return .unavailable("no node of the cluster takes new rooms")
                case .claimNew(let node):
                    if let epoch = try await withDeadline(settings.queryTimeout, { try await store.insertClaim(room, node: node.id) }) {
                        logger.info("room claimed", metadata: ["room": "\(room)", "home": "\(node.id)"])
                        return settle(room, node: node, epoch: epoch)
                    }
                case .takeOver(let node, let from):
                    if let (epoch, recording) = try await withDeadline(settings.queryTimeout, {
                        try await store.takeOver(room, node: node.id, fromEpoch: from)
                    }) {
                        counters.update { $0.takeovers += 1 }
                        logger.notice(
                            "room taken over from a stale node",
                            metadata: ["room": "\(room)", "home": "\(node.id)", "epoch": "\(epoch)", "recording": "\(recording)"])
                        if recording { await resumeRecording(room, home: node.id) }
                        return settle(room, node: node, epoch: epoch)
                    }
                }
            }
            return .unavailable("the room's claim kept changing; try again")
        } catch {
            counters.update { $0.databaseUp = false }
            logger.warning("room claim failed", metadata: ["room": "\(room)", "error": "\(error)"])
            return .unavailable("the cluster database is unavailable: \(error)")
        }
    }

    /// Arms the recording of a room this node becomes the home of, before
    /// the join goes on, so the room's creation starts a new part.
    private func resumeRecording(_ room: String, home: String) async {
        guard home == settings.nodeID, owned[room] == nil, let resume = onRecordedTakeover else { return }
        counters.update { $0.recordingsResumed += 1 }
        logger.notice("resuming the recording of a taken-over room", metadata: ["room": "\(room)"])
        await resume(room)
    }

    private func settle(_ room: String, node: NodeRecord, epoch: Int64) -> ClaimOutcome {
        counters.update { $0.databaseUp = true }
        guard node.id == settings.nodeID else { return .elsewhere(nodeID: node.id, advertiseURL: node.advertiseURL) }
        owned[room] = epoch
        return .here(epoch: epoch)
    }

    private func releaseStep(_ room: String) async {
        guard holds[room] == nil, owned.removeValue(forKey: room) != nil else { return }
        let store = self.store
        let node = settings.nodeID
        do {
            try await withDeadline(settings.queryTimeout) { try await store.release(room, node: node) }
            counters.update { $0.releases += 1 }
        } catch {
            // The heartbeat's sweep of unheld claims retries it later.
            counters.update { $0.releaseFailures += 1 }
            logger.warning("room release failed", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }

    /// Runs `body` after every earlier step of `room`.
    private func serialized<T: Sendable>(_ room: String, _ body: @escaping @Sendable () async -> T) async -> T {
        let previous = tails[room]
        let task = Task<T, Never> {
            await previous?.value
            return await body()
        }
        let tail = Task<Void, Never> { _ = await task.value }
        tails[room] = tail
        let value = await task.value
        if tails[room] == tail { tails[room] = nil }
        return value
    }
}
