import ICELite
import NIOConcurrencyHelpers
import NIOCore

/// The server-wide limits on what clients hold (`limits:`): signaling
/// sockets in all and per source IP, joins per IP per minute, rooms and
/// participants. Taken on connect and join, given back on close and leave;
/// never on the packet path. Each refusal is counted by limit name.
final class AdmissionControl: Sendable {
    /// Why something was refused: the limit's config key.
    struct Refusal: Error, Sendable {
        let limit: String
        let message: String
    }

    private struct State {
        var connections = 0
        var connectionsByIP: [String: Int] = [:]
        /// Relay sockets by the node that opened them (not counted by IP).
        var relaysByNode: [String: Int] = [:]
        var joins: SourceRateLimiter<String>
        var rooms = 0
        var participants = 0
    }

    private let limits: ServerConfiguration.Limits
    private let refusals: RefusalCounters
    private let state: NIOLockedValueBox<State>

    init(limits: ServerConfiguration.Limits, refusals: RefusalCounters) {
        self.limits = limits
        self.refusals = refusals
        // Bounded like the STUN limiter: a flood from many addresses cycles
        // the table instead of growing it.
        let joins = SourceRateLimiter<String>(
            intervalNanoseconds: 60_000_000_000 / Int64(limits.joinsPerMinutePerIP),
            burst: max(1, limits.joinsPerMinutePerIP / 4), capacity: 65_536)
        state = NIOLockedValueBox(State(joins: joins))
    }

    /// A new signaling socket from `ip`; `release(connectionFrom:)` when it closes.
    func admitConnection(from ip: String) throws(Refusal) {
        let refusal: Refusal? = state.withLockedValue { state in
            if state.connections >= limits.maxConnections {
                return Refusal(limit: "max_connections", message: "the server has \(limits.maxConnections) signaling connections")
            }
            if state.connectionsByIP[ip, default: 0] >= limits.maxConnectionsPerIP {
                return Refusal(limit: "max_connections_per_ip", message: "\(limits.maxConnectionsPerIP) connections from one address")
            }
            state.connections += 1
            state.connectionsByIP[ip, default: 0] += 1
            return nil
        }
        if let refusal { throw counted(refusal) }
    }

    /// A signaling socket another node opened for a relay, with a relay
    /// token that verified: held to `max_connections` and to `maxRelays`
    /// from that node, not to the per-address limit (the relays of a
    /// whole node come from one address). `release(relayFrom:)` when it closes.
    func admitRelayConnection(from node: String, maxRelays: Int) throws(Refusal) {
        let refusal: Refusal? = state.withLockedValue { state in
            if state.connections >= limits.maxConnections {
                return Refusal(limit: "max_connections", message: "the server has \(limits.maxConnections) signaling connections")
            }
            if state.relaysByNode[node, default: 0] >= maxRelays {
                return Refusal(limit: "max_relays", message: "\(maxRelays) relays from node \(node)")
            }
            state.connections += 1
            state.relaysByNode[node, default: 0] += 1
            return nil
        }
        if let refusal { throw counted(refusal) }
    }

    func release(relayFrom node: String) {
        state.withLockedValue { state in
            state.connections -= 1
            let left = state.relaysByNode[node, default: 1] - 1
            state.relaysByNode[node] = left > 0 ? left : nil
        }
    }

    func release(connectionFrom ip: String) {
        state.withLockedValue { state in
            state.connections -= 1
            let left = state.connectionsByIP[ip, default: 1] - 1
            state.connectionsByIP[ip] = left > 0 ? left : nil
        }
    }

    /// A `join` from `ip`: within its per-minute allowance?
    func admitJoin(from ip: String, now: NIODeadline) throws(Refusal) {
        let allowed = state.withLockedValue { $0.joins.allow(ip, now: Int64(clamping: now.uptimeNanoseconds)) }
        guard allowed else {
            throw counted(Refusal(limit: "joins_per_minute_per_ip", message: "more than \(limits.joinsPerMinutePerIP) joins a minute"))
        }
    }

    /// A participant entering a room (`creatingRoom`: the room is new);
    /// `release(participantLeaving:)` when it leaves.
    func admitParticipant(creatingRoom: Bool) throws(Refusal) {
        let refusal: Refusal? = state.withLockedValue { state in
            if state.participants >= limits.maxParticipants {
                return Refusal(limit: "max_participants", message: "the server has \(limits.maxParticipants) participants")
            }
            if creatingRoom && state.rooms >= limits.maxRooms {
                return Refusal(limit: "max_rooms", message: "the server has \(limits.maxRooms) rooms")
            }
            state.participants += 1
            if creatingRoom { state.rooms += 1 }
            return nil
        }
        if let refusal { throw counted(refusal) }
    }

    /// A participant left (or its join failed); `roomEnded`: its room is gone.
    func release(participantLeaving roomEnded: Bool) {
        state.withLockedValue { state in
            state.participants -= 1
            if roomEnded { state.rooms -= 1 }
        }
    }

    /// Counts a refusal made elsewhere (tracks, m-lines, message rate).
    func count(_ limit: String) {
        refusals.count(RefusalCounters.limitRefusals, "limit", limit)
    }

    private func counted(_ refusal: Refusal) -> Refusal {
        count(refusal.limit)
        return refusal
    }
}
