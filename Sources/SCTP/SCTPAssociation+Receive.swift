import NIOCore

/// Incoming DATA and FORWARD-TSN, and when to SACK them (RFC 9260 §6.2,
/// RFC 3758 §3.6).
extension SCTPAssociation {
    var receiveWindowUsed: Int { reassembly.bufferedBytes }

    mutating func handleData(_ chunk: SCTPDataChunk, now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .established || state == .shutdownPending || state == .shutdownSent else {
            counters.unexpectedChunks &+= 1
            return
        }
        // §6.2: DATA without user data is a protocol violation.
        guard chunk.userData.readableBytes > 0 else {
            abortAssociation(SCTPErrorCause(code: SCTPErrorCause.noUserData, information: withUnsafeBytes(of: chunk.tsn.bigEndian) { Array($0) }),
                reason: "DATA without user data", actions: &actions)
            return
        }
        switch receiver.classify(chunk.tsn) {
        case .duplicate:
            counters.duplicateChunks &+= 1
            receiver.noteDuplicate(chunk.tsn)
            ackNow = true
            return
        case .tooFarAhead:
            counters.receiveWindowFull &+= 1
            return
        case .new:
            break
        }
        let size = chunk.userData.readableBytes
        // §6.2: past the window, drop (unacked, so the peer sends it again);
        // the next in-order TSN may overshoot by one message so reassembly
        // can always finish the message that frees the window.
        let fits = receiveWindowUsed + size <= configuration.receiveWindow
        let nextInOrder = chunk.tsn == receiver.cumulativeTSN &+ 1
        guard fits || (nextInOrder && receiveWindowUsed + size <= configuration.receiveWindow + configuration.maxMessageSize) else {
            counters.receiveWindowFull &+= 1
            ackNow = true
            return
        }
        receiver.record(chunk.tsn)
        if chunk.immediate { ackNow = true }
        guard chunk.streamIdentifier < inboundStreamCount else {
            // §6.5: acked, discarded, reported.
            counters.invalidStream &+= 1
            outbox.append(.error(causes: [.invalidStream(chunk.streamIdentifier)]))
            return
        }
        do {
            deliver(try reassembly.insert(chunk), actions: &actions)
        } catch {
            abortAssociation(.violation("message larger than max-message-size"), reason: "message too large", actions: &actions)
        }
    }

    mutating func handleForwardTSN(_ forward: SCTPForwardTSN, now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .established || state == .shutdownPending || state == .shutdownSent else {
            counters.unexpectedChunks &+= 1
            return
        }
        ackNow = true
        guard receiver.cumulativeTSN.precedes(forward.newCumulativeTSN) else { return }
        receiver.forward(to: forward.newCumulativeTSN)
        let skipped = forward.skipped.filter { $0.streamIdentifier < inboundStreamCount }
        counters.invalidStream &+= forward.skipped.count - skipped.count
        deliver(reassembly.forward(to: receiver.cumulativeTSN, skipped: skipped), actions: &actions)
    }

    mutating func deliver(_ messages: [SCTPMessage], actions: inout [SCTPAction]) {
        for message in messages {
            counters.messagesDelivered &+= 1
            counters.bytesDelivered &+= message.bytes.readableBytes
            actions.append(.message(message))
        }
    }

    /// §6.2: a SACK for every second packet with DATA, at once when there
    /// are gaps or duplicates, otherwise within the delayed-ack time.
    mutating func noteDataPacket(now: NIODeadline) {
        dataPacketsSinceAck += 1
        if receiver.hasGaps || !receiver.duplicates.isEmpty || dataPacketsSinceAck >= 2 {
            ackNow = true
        } else if delayedAckDeadline == nil {
            delayedAckDeadline = now + configuration.delayedAckTimeout
        }
    }

    /// The SACK describing what has arrived; resets the SACK triggers.
    mutating func makeSelectiveAck() -> SCTPChunk {
        ackNow = false
        dataPacketsSinceAck = 0
        delayedAckDeadline = nil
        let window = max(0, configuration.receiveWindow - receiveWindowUsed)
        return .selectiveAck(
            SCTPSelectiveAck(
                cumulativeTSNAck: receiver.cumulativeTSN, advertisedReceiverWindow: UInt32(clamping: window),
                gapBlocks: receiver.gapBlocks(), duplicateTSNs: receiver.takeDuplicates()))
    }
}
