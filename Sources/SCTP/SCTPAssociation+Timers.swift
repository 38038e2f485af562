import NIOCore

/// The timers (RFC 9260 §6.3, §6.2, §5.1): T1 for INIT and COOKIE-ECHO
/// (and T2 for SHUTDOWN*), T3-rtx for DATA, the delayed SACK, and the
/// stream reset request's retransmission.
extension SCTPAssociation {
    public mutating func handleTimeout(now: NIODeadline) -> [SCTPAction] {
        guard !terminated else { return [] }
        var actions: [SCTPAction] = []
        if let deadline = handshakeDeadline, deadline <= now { handshakeTimerFired(now: now, actions: &actions) }
        if let deadline = retransmitDeadline, deadline <= now, !terminated { retransmitTimerFired(now: now, actions: &actions) }
        if let deadline = delayedAckDeadline, deadline <= now {
            delayedAckDeadline = nil
            ackNow = true
        }
        if let deadline = streamReset.deadline, deadline <= now { streamReset.timerFired() }
        flush(now: now, actions: &actions)
        return actions
    }

    private mutating func handshakeTimerFired(now: NIODeadline, actions: inout [SCTPAction]) {
        guard let chunk = handshakeChunk else {
            handshakeDeadline = nil
            return
        }
        handshakeRetransmits += 1
        counters.timeouts &+= 1
        let limit = state == .cookieWait || state == .cookieEchoed
            ? configuration.maxInitRetransmits : configuration.maxAssociationRetransmits
        guard handshakeRetransmits <= limit else {
            close(.timedOut, actions: &actions)
            return
        }
        rto.backOff()
        handshakeDeadline = now + rto.rto
        var tag = peerTag
        if case .initiation = chunk { tag = 0 }
        sendPacket([chunk], tag: tag, into: &actions)
    }

    /// §6.3.3: back off, shrink cwnd to one MTU, send the oldest again.
    private mutating func retransmitTimerFired(now: NIODeadline, actions: inout [SCTPAction]) {
        retransmitDeadline = nil
        guard !inFlight.isEmpty else { return }
        counters.timeouts &+= 1
        consecutiveTimeouts += 1
        guard consecutiveTimeouts <= configuration.maxAssociationRetransmits else {
            abortAssociation(.violation("peer unreachable"), reason: "retransmission limit", actions: &actions)
            return
        }
        rto.backOff()
        congestion.timedOut()
        inFlight.markAllForRetransmit()
        if inFlight.forwardTSN() != nil { forwardTSNNeeded = true }
        retransmitDeadline = now + rto.rto
    }
}
