import Cluster
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Which pull relays this node runs (cascade placement): one per room with
/// local members and per other live node with members of it, no more than
/// `cluster.max_relays`. Re-decided on every local join and every
/// heartbeat interval; relays no longer wanted are stopped. A relay that
/// ends by itself is opened again at once, with backoff
/// (`RelayReopenSchedule`), while the far node is live with members.
final class RelayDirector: Sendable {
    private struct Key: Hashable {
        var room: String
        var node: String
    }

    private let cluster: ClusterNode
    private let tokens: RelayTokens
    private let maxRelays: Int
    private let logger: Logger
    private let context = NIOLockedValueBox<ServerContext?>(nil)
    private let relays = NIOLockedValueBox<[Key: RelayPuller]>([:])
    /// When relays that ended by themselves may open again; taken inside `relays`' lock.
    private let reopenSchedule = NIOLockedValueBox(RelayReopenSchedule<Key>())
    /// Relays opened again after ending by themselves (for `/metrics`).
    let reopened = NIOLockedValueBox(0)
    private let stopped = NIOLockedValueBox(false)
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Decisions that left relays unstarted for `max_relays` (for `/metrics`).
    let refusedForLimit = NIOLockedValueBox(0)
    /// One refresh at a time; requests meanwhile fold into one more.
    private let refreshState = NIOLockedValueBox((running: false, again: false))

    init(cluster: ClusterNode, tokens: RelayTokens, maxRelays: Int, logger: Logger) {
        self.cluster = cluster
        self.tokens = tokens
        self.maxRelays = maxRelays
        self.logger = logger
    }

    /// Starts deciding, every `interval` seconds, once the context exists.
    func start(context: ServerContext, interval: Double) {
        self.context.withLockedValue { $0 = context }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
                guard let self, !Task.isCancelled else { return }
                await self.refresh()
            }
        }
        loop.withLockedValue { $0 = task }
        // Another node's membership changed: decide now, not at the next tick.
        cluster.watchMembers { [weak self] _ in
            guard let self else { return }
            Task { await self.refresh() }
        }
    }

    /// Stops every relay (shutdown).
    func stop() {
        stopped.withLockedValue { $0 = true }
        loop.withLockedValue { $0?.cancel() }
        let all = relays.withLockedValue { relays in defer { relays = [:] }; return relays }
        for relay in all.values { relay.stop() }
    }

    /// The relays running now.
    var running: [RelayPuller] { relays.withLockedValue { Array($0.values) } }

    /// Starts the relays the membership table asks for, stops the others.
    func refresh() async {
        let first = refreshState.withLockedValue { state -> Bool in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        guard first else { return }
        while true {
            await decide()
            let again = refreshState.withLockedValue { state -> Bool in
                if state.again {
                    state.again = false
                    return true
                }
                state.running = false
                return false
            }
            if !again { return }
        }
    }

    private func decide() async {
        guard let context = context.withLockedValue({ $0 }) else { return }
        let far: [String: [NodeRecord]]
        do {
            far = try await cluster.farMembers()
        } catch {
            // Keep what runs: a database hiccup must not cut the rooms apart.
            logger.warning("relay refresh failed", metadata: ["error": "\(error)"])
            return
        }
        var wanted: [Key: NodeRecord] = [:]
        for (room, nodes) in far { for node in nodes { wanted[Key(room: room, node: node.id)] = node } }
        let now = Self.uptimeSeconds
        let (started, stopped, overLimit) = relays.withLockedValue { relays -> ([RelayPuller], [RelayPuller], Bool) in
            let schedule = reopenSchedule.withLockedValue { schedule in
                schedule.keep(only: Set(wanted.keys))
                return schedule
            }
            var stopped: [RelayPuller] = []
            for (key, relay) in relays where wanted[key] == nil {
                stopped.append(relay)
                relays[key] = nil
            }
            var started: [RelayPuller] = []
            var overLimit = false
            for (key, node) in wanted.sorted(by: { $0.key.room < $1.key.room })
            where relays[key] == nil && schedule.mayOpen(key, now: now) {
                guard relays.count < maxRelays else {
                    refusedForLimit.withLockedValue { $0 += 1 }
                    overLimit = true
                    break
                }
                let relay = RelayPuller(room: key.room, far: node, context: context, tokens: tokens, logger: logger)
                relays[key] = relay
                started.append(relay)
                if schedule.isReopen(key) { reopened.withLockedValue { $0 += 1 } }
            }
            return (started, stopped, overLimit)
        }
        if overLimit {
            logger.warning("cluster.max_relays reached: a room's media from another node is not relayed", metadata: ["max": "\(maxRelays)"])
        }
        for relay in stopped { relay.stop() }
        let selfID = cluster.settings.nodeID
        for relay in started {
            Task { [weak self] in
                let began = Self.uptimeSeconds
                await relay.run(selfID: selfID)
                self?.ended(relay, ranFor: Self.uptimeSeconds - began)
            }
        }
    }

    /// A relay's run returned. Unless it was stopped here, it ended by
    /// itself: it is forgotten and the director decides again once its
    /// backoff has passed (reopening it if its far node still wants it),
    /// not only at the next heartbeat.
    private func ended(_ relay: RelayPuller, ranFor: Double) {
        let key = Key(room: relay.room, node: relay.far.id)
        let delay = relays.withLockedValue { relays -> Double? in
            guard relays[key] === relay else { return nil }
            relays[key] = nil
            return reopenSchedule.withLockedValue { $0.ended(key, ranFor: ranFor, now: Self.uptimeSeconds) }
        }
        guard let delay, !stopped.withLockedValue({ $0 }) else { return }
        logger.info("relay ended by itself: reopening", metadata: ["room": "\(key.room)", "far": "\(key.node)", "in": "\(delay) s"])
        Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(Int64(delay * 1_000)))
            guard let self, !self.stopped.withLockedValue({ $0 }) else { return }
            await self.refresh()
        }
    }

    private static var uptimeSeconds: Double { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }
}
