import NIOCore
import STUN

extension TURNServer {
    /// Relay ports tried for one allocation before its Allocate is refused.
    static let maxRelayAttempts = 8

    /// The owner could not bind `relay` (a port of the range that another
    /// process holds): the allocation moves to the next free port and the
    /// owner binds that one before the Allocate is answered, so a client on
    /// TCP or TLS, which never retransmits, still gets its answer. After
    /// `maxRelayAttempts` ports, or with none free, the allocation ends and
    /// the Allocate is answered 508 (Insufficient Capacity).
    public mutating func relayFailed(_ relay: STUNAddress, now: NIODeadline) -> [TURNAction] {
        guard let fiveTuple = fiveTupleByRelay[relay], var allocation = allocations[fiveTuple] else { return [] }
        let request = allocateRequest(of: allocation)
        guard allocation.relayAttempts < Self.maxRelayAttempts, let next = relayPool.reserve(evenPort: allocation.wantsEvenPort)
        else {
            counters.allocationsFailed &+= 1
            let refusal = refuse(request, .insufficientCapacity, fiveTuple: fiveTuple, key: allocation.key)
            return removeAllocation(fiveTuple) + [refusal]
        }
        // The failed port goes back last in the round-robin order.
        fiveTupleByRelay[relay] = nil
        relayPool.release(relay)
        allocation.relay = next
        allocation.relayAttempts += 1
        allocations[fiveTuple] = allocation
        fiveTupleByRelay[next] = fiveTuple
        counters.relayRetries &+= 1
        let remaining = UInt32(clamping: max(0, (allocation.expiry - now).nanoseconds / 1_000_000_000))
        return [.openRelay(next, fiveTuple: fiveTuple), allocateSuccess(request, allocation: allocation, lifetime: remaining)]
    }

    /// The Allocate an allocation answers, as far as its answer needs it:
    /// the transaction, and FINGERPRINT when the request carried one.
    private func allocateRequest(of allocation: TURNAllocation) -> STUNMessage {
        let request = STUNMessage(
            type: STUNMessageType(method: .allocate, messageClass: .request), transactionID: allocation.allocateTransaction,
            attributes: [])
        guard allocation.answersWithFingerprint, let signed = try? STUNMessage(parsing: request.serialized(fingerprint: true))
        else { return request }
        return signed
    }
}
