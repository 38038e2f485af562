import NIOCore

/// Outgoing messages: queueing, bundling into packets under cwnd and the
/// peer's window (RFC 9260 §6.1), SACK processing (§6.2.1, §7.2) and
/// partial reliability (RFC 3758 §3.5).
extension SCTPAssociation {
    /// Queues a message; it leaves as the windows allow.
    public mutating func send(_ message: SCTPMessage, reliability: SCTPReliability = .reliable, now: NIODeadline)
        throws(SCTPSendError) -> [SCTPAction]
    {
        guard state == .established else { throw .notEstablished }
        guard message.streamIdentifier < outboundStreamCount else { throw .invalidStream(message.streamIdentifier) }
        let size = message.bytes.readableBytes
        guard size <= configuration.remoteMaxMessageSize else {
            throw .messageTooLarge(size: size, limit: configuration.remoteMaxMessageSize)
        }
        guard bufferedAmount + size <= configuration.sendBufferLimit else { throw .sendBufferFull(limit: configuration.sendBufferLimit) }
        guard !streamReset.isResetting(message.streamIdentifier) else { throw .streamResetting(message.streamIdentifier) }
        var message = message
        // An empty message cannot be a DATA chunk (§6.2): data channels send
        // one zero byte under the "empty" PPID (RFC 8831 §6.6).
        if size == 0 { message.bytes = ByteBuffer(bytes: [0]) }
        sendQueue.enqueue(message, reliability: reliability, now: now)
        counters.messagesSent &+= 1
        var actions: [SCTPAction] = []
        flush(now: now, actions: &actions)
        return actions
    }

    mutating func handleSelectiveAck(_ sack: SCTPSelectiveAck, now: NIODeadline, actions: inout [SCTPAction]) {
        guard state != .closed, state != .cookieWait, state != .cookieEchoed else {
            counters.unexpectedChunks &+= 1
            return
        }
        let flightBefore = inFlight.flightSize
        guard let result = inFlight.apply(sack, now: now) else {
            counters.staleMessages &+= 1
            return
        }
        if let sample = result.rttSample { rto.measure(sample) }
        if result.advanced { consecutiveTimeouts = 0 }
        congestion.acknowledged(
            bytesAcked: result.bytesAcked, cumulativeAck: sack.cumulativeTSNAck, advanced: result.advanced, flightSize: flightBefore)
        if result.newlyMissing, let highest = inFlight.highestTSN {
            counters.fastRetransmits &+= 1
            congestion.fastRetransmit(highestOutstanding: highest)
        }
        peerWindow = Int(sack.advertisedReceiverWindow)
        // §6.3.2 R2/R3: stop the timer when all is acked, restart it when the cumulative ack moves.
        if inFlight.isEmpty {
            retransmitDeadline = nil
        } else if result.advanced {
            retransmitDeadline = now + rto.rto
        }
        if inFlight.forwardTSN() != nil { forwardTSNNeeded = true }
        continueShutdown(now: now, actions: &actions)
    }

    /// Sends control chunks, retransmissions and new DATA, bundled into
    /// packets of at most the MTU.
    mutating func flush(now: NIODeadline, actions: inout [SCTPAction]) {
        guard !terminated else { return }
        var control = outbox
        outbox = []
        if ackNow { control.insert(makeSelectiveAck(), at: 0) }
        var data: [SCTPChunk] = []
        if state == .established || state == .shutdownPending || state == .shutdownReceived {
            abandonExpired(now: now)
            if forwardTSNNeeded, peerSupportsForwardTSN, let forward = inFlight.forwardTSN() {
                control.append(.forwardTSN(forward))
            }
            forwardTSNNeeded = false
            data = dataToSend(now: now)
            if let request = streamReset.requestToSend(now: now, rto: rto.rto, queue: sendQueue, nextTSN: nextTSN) {
                control.append(.reconfig(request))
            }
        }
        pack(control + data, into: &actions)
        if !inFlight.isEmpty, retransmitDeadline == nil { retransmitDeadline = now + rto.rto }
    }

    private mutating func dataToSend(now: NIODeadline) -> [SCTPChunk] {
        var chunks: [SCTPChunk] = []
        var flight = inFlight.flightSize
        let window = congestion.congestionWindow
        let maxFragment = configuration.maxFragmentSize
        // Retransmissions first (§6.1), within cwnd; at least one packet's worth.
        var budget = max(window - flight, configuration.mtu)
        while let index = inFlight.firstRetransmitIndex {
            if inFlight.shouldAbandon(at: index, now: now) {
                abandon(messageID: inFlight.entries[index].fragment.messageID)
                continue
            }
            let size = inFlight.entries[index].size
            guard size <= budget else { break }
            budget -= size
            flight += size
            inFlight.markRetransmitted(at: index, now: now)
            counters.retransmissions &+= 1
            chunks.append(.data(inFlight.entries[index].fragment.chunk))
        }
        // New data within cwnd and the peer's window (its last a_rwnd less
        // what it has not acknowledged); with nothing outstanding one chunk
        // may probe a closed window (§6.1 A, B).
        var outstanding = inFlight.outstandingBytes
        while let size = sendQueue.nextFragmentSize(max: maxFragment),
            flight + size <= window || flight == 0,
            outstanding + size <= peerWindow || outstanding == 0
        {
            guard let fragment = sendQueue.nextFragment(max: maxFragment, tsn: nextTSN, now: now) else { break }
            nextTSN &+= 1
            inFlight.append(fragment, now: now)
            flight += size
            outstanding += size
            chunks.append(.data(fragment.chunk))
        }
        return chunks
    }

    private mutating func abandonExpired(now: NIODeadline) {
        for id in sendQueue.dropExpired(now: now) {
            abandon(messageID: id)
        }
        for index in inFlight.entries.indices where !inFlight.entries[index].abandoned && !inFlight.entries[index].acked {
            if case .lifetime = inFlight.entries[index].fragment.reliability, inFlight.shouldAbandon(at: index, now: now) {
                abandon(messageID: inFlight.entries[index].fragment.messageID)
            }
        }
    }

    /// Gives up message `id` (RFC 3758 §3.5): its unsent rest and its chunks
    /// in flight; a FORWARD-TSN tells the peer to skip it.
    mutating func abandon(messageID id: UInt64) {
        counters.messagesAbandoned &+= 1
        inFlight.abandon(messageID: id)
        sendQueue.abandonHead(id: id)
        forwardTSNNeeded = true
    }

    /// Bundles chunks into as few packets of at most the MTU as their order allows.
    private mutating func pack(_ chunks: [SCTPChunk], into actions: inout [SCTPAction]) {
        var packet: [SCTPChunk] = []
        var size = SCTPPacket.commonHeaderSize
        for chunk in chunks {
            let chunkSize = chunk.wireSize
            if !packet.isEmpty, size + chunkSize > configuration.mtu {
                sendPacket(packet, tag: peerTag, into: &actions)
                packet = []
                size = SCTPPacket.commonHeaderSize
            }
            packet.append(chunk)
            size += chunkSize
        }
        if !packet.isEmpty { sendPacket(packet, tag: peerTag, into: &actions) }
    }
}

extension SCTPChunk {
    /// Bytes on the wire with padding; DATA without serializing it.
    var wireSize: Int {
        if case .data(let chunk) = self {
            let length = SCTPDataChunk.headerSize + chunk.userData.readableBytes
            return (length + 3) & ~3
        }
        return paddedSize
    }
}
