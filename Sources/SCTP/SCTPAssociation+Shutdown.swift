import NIOCore

/// Graceful shutdown (RFC 9260 §9.2): SHUTDOWN once all our data is
/// acknowledged, SHUTDOWN-ACK, SHUTDOWN-COMPLETE.
extension SCTPAssociation {
    /// Stops taking messages and closes once what is queued is delivered.
    public mutating func shutdown(now: NIODeadline) -> [SCTPAction] {
        guard state == .established else { return [] }
        state = .shutdownPending
        var actions: [SCTPAction] = []
        continueShutdown(now: now, actions: &actions)
        flush(now: now, actions: &actions)
        return actions
    }

    /// Moves the shutdown on once nothing is queued or in flight.
    mutating func continueShutdown(now: NIODeadline, actions: inout [SCTPAction]) {
        guard sendQueue.isEmpty, inFlight.isEmpty else { return }
        switch state {
        case .shutdownPending:
            state = .shutdownSent
            let chunk = SCTPChunk.shutdown(cumulativeTSNAck: receiver.cumulativeTSN)
            startHandshakeTimer(chunk, now: now)
            handshakeRetransmits = 0
            outbox.append(chunk)
        case .shutdownReceived:
            state = .shutdownAckSent
            startHandshakeTimer(.shutdownAck, now: now)
            handshakeRetransmits = 0
            outbox.append(.shutdownAck)
        default:
            break
        }
    }

    mutating func handleShutdown(cumulativeTSNAck: UInt32, now: NIODeadline, actions: inout [SCTPAction]) {
        switch state {
        case .established, .shutdownPending:
            state = .shutdownReceived
            continueShutdown(now: now, actions: &actions)
        case .shutdownSent:
            // §9.2: both sides shut down at once; answer with SHUTDOWN-ACK.
            state = .shutdownAckSent
            startHandshakeTimer(.shutdownAck, now: now)
            outbox.append(.shutdownAck)
        default:
            counters.unexpectedChunks &+= 1
        }
    }

    mutating func handleShutdownAck(now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .shutdownSent || state == .shutdownAckSent else {
            counters.unexpectedChunks &+= 1
            return
        }
        sendPacket([.shutdownComplete(reflected: false)], tag: peerTag, into: &actions)
        close(.shutdown, actions: &actions)
    }

    mutating func handleShutdownComplete(actions: inout [SCTPAction]) {
        guard state == .shutdownAckSent else {
            counters.unexpectedChunks &+= 1
            return
        }
        close(.shutdown, actions: &actions)
    }
}
