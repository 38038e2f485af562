import Cluster
import Logging
import NIOConcurrencyHelpers

/// Which pull relays this node runs (cascade placement): one per room with
/// local members and per other live node with members of it, no more than
/// `cluster.max_relays`. Re-decided on every local join and every
/// heartbeat interval; relays no longer wanted are stopped.
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
        let (started, stopped, overLimit) = relays.withLockedValue { relays -> ([RelayPuller], [RelayPuller], Bool) in
            var stopped: [RelayPuller] = []
            for (key, relay) in relays where wanted[key] == nil {
                stopped.append(relay)
                relays[key] = nil
            }
            var started: [RelayPuller] = []
            var overLimit = false
            for (key, node) in wanted.sorted(by: { $0.key.room < $1.key.room }) where relays[key] == nil {
                guard relays.count < maxRelays else {
                    refusedForLimit.withLockedValue { $0 += 1 }
                    overLimit = true
                    break
                }
                let relay = RelayPuller(room: key.room, far: node, context: context, tokens: tokens, logger: logger)
                relays[key] = relay
                started.append(relay)
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
                await relay.run(selfID: selfID)
                // Ended by the far side: forget it so the next refresh may retry.
                self?.relays.withLockedValue { relays in
                    let key = Key(room: relay.room, node: relay.far.id)
                    if relays[key] === relay { relays[key] = nil }
                }
            }
        }
    }
}
