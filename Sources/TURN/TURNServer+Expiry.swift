import NIOCore
import STUN

extension TURNServer {
    /// Deletes allocations whose lifetime has run out and prunes lapsed
    /// permissions and channels (RFC 8656 §7, §9, §12). Returns the
    /// relays to release.
    public mutating func expire(now: NIODeadline) -> [TURNAction] {
        var actions: [TURNAction] = []
        var next: NIODeadline?
        for fiveTuple in Array(allocations.keys) {
            guard var allocation = allocations[fiveTuple] else { continue }
            if now >= allocation.expiry {
                actions += removeAllocation(fiveTuple)
                counters.allocationsExpired &+= 1
                continue
            }
            let deadline = allocation.prune(now: now, channelQuarantine: configuration.channelQuarantine)
            allocations[fiveTuple] = allocation
            next = min(next ?? deadline, deadline)
        }
        nextDeadline = next
        return actions
    }

    /// A TCP or TLS client connection closed: its allocation ends with it
    /// (RFC 8656 §3.1, the 5-tuple is gone).
    public mutating func clientDisconnected(_ fiveTuple: TURNFiveTuple) -> [TURNAction] {
        guard allocations[fiveTuple] != nil else { return [] }
        counters.allocationsDeleted &+= 1
        return removeAllocation(fiveTuple)
    }

    /// Forgets an allocation and frees its relay.
    mutating func removeAllocation(_ fiveTuple: TURNFiveTuple) -> [TURNAction] {
        guard let allocation = allocations.removeValue(forKey: fiveTuple) else { return [] }
        fiveTupleByRelay[allocation.relay] = nil
        relayPool.release(allocation.relay)
        let remaining = allocationsByParticipant[allocation.participant, default: 1] - 1
        allocationsByParticipant[allocation.participant] = remaining > 0 ? remaining : nil
        counters.allocationsActive = allocations.count
        return [.releaseRelay(allocation.relay)]
    }

    /// Makes `nextDeadline` no later than `deadline`.
    mutating func schedule(_ deadline: NIODeadline) {
        nextDeadline = min(nextDeadline ?? deadline, deadline)
    }
}
