extension TransportLayerCC {
    /// Builds feedback for `packets`, given in increasing transport-wide
    /// sequence order (wrapping past 65535) starting at or after
    /// `baseSequenceNumber`; numbers skipped are reported not received.
    ///
    /// Arrival times are in microseconds on the clock where reference time
    /// `r` is `r * 64 ms`. Deltas are rounded to 250 µs against the sum of the
    /// deltas already sent, as libwebrtc does, so each decoded arrival is
    /// within 125 µs of the given one. Chunks are packed as libwebrtc packs
    /// them (run lengths for long runs, else status vectors).
    ///
    /// Throws `twccSequenceNotIncreasing`, `twccDeltaOutOfRange` (a gap
    /// beyond ±8.19 s; libwebrtc starts a new feedback packet there) or
    /// `twccReferenceTimeOutOfRange`.
    public init(
        senderSSRC: UInt32, mediaSSRC: UInt32, feedbackPacketCount: UInt8,
        baseSequenceNumber: UInt16, referenceTime: Int32, packets: [TWCCPacketResult]
    ) throws(RTCPError) {
        guard Self.referenceTimeRange.contains(referenceTime) else {
            throw .twccReferenceTimeOutOfRange(referenceTime)
        }
        var encoder = TWCCChunkEncoder()
        var deltas: [TWCCReceiveDelta] = []
        deltas.reserveCapacity(packets.count)
        // Time of the last delta sent, in ticks, so rounding never accumulates.
        var lastTicks = Int64(referenceTime) * (Self.referenceTimeUnit / TWCCReceiveDelta.microsecondsPerTick)
        var next = 0  // offset from the base of the next expected packet
        for packet in packets {
            let offset = Int(packet.sequenceNumber &- baseSequenceNumber)
            guard offset >= next else { throw .twccSequenceNotIncreasing(sequenceNumber: packet.sequenceNumber) }
            for _ in next..<offset {
                encoder.add(.notReceived)
            }
            if let arrival = packet.arrivalTime {
                let tick = TWCCReceiveDelta.microsecondsPerTick
                let (since, overflow) = arrival.subtractingReportingOverflow(lastTicks * tick)
                // Round half away from zero; `since` beyond ±2^62 is out of range anyway.
                guard !overflow, since.magnitude < 1 << 62,
                    let delta = TWCCReceiveDelta(ticks: (since + (since < 0 ? -tick / 2 : tick / 2)) / tick)
                else { throw .twccDeltaOutOfRange(sequenceNumber: packet.sequenceNumber) }
                lastTicks += delta.ticks
                deltas.append(delta)
                encoder.add(delta.symbol)
            } else {
                encoder.add(.notReceived)
            }
            next = offset + 1
        }
        // Offsets are 16-bit differences, so `next` is at most 65536.
        guard next <= Int(UInt16.max) else {
            throw .twccSequenceNotIncreasing(sequenceNumber: baseSequenceNumber &+ UInt16(truncatingIfNeeded: next - 1))
        }
        self.init(
            senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, baseSequenceNumber: baseSequenceNumber,
            packetStatusCount: UInt16(next), referenceTime: referenceTime,
            feedbackPacketCount: feedbackPacketCount, chunks: encoder.finish(), receiveDeltas: deltas)
    }

    /// Calls `body` with every described packet in order: its sequence
    /// number and arrival time (reference time plus the running sum of
    /// deltas, in µs). Allocates nothing. Throws `twccDeltaMismatch` if the
    /// deltas do not match the chunks (never for a parsed packet).
    public func forEachPacketResult(_ body: (TWCCPacketResult) -> Void) throws(RTCPError) {
        let count = Int(packetStatusCount)
        var time = Int64(referenceTime) * Self.referenceTimeUnit
        var deltaIndex = 0
        var offset = 0
        for chunk in chunks where offset < count {
            for index in 0..<min(chunk.symbolCount, count - offset) {
                let sequenceNumber = baseSequenceNumber &+ UInt16(truncatingIfNeeded: offset + index)
                let symbol = chunk.symbol(at: index)
                guard symbol != .notReceived else {
                    body(TWCCPacketResult(sequenceNumber: sequenceNumber, arrivalTime: nil))
                    continue
                }
                guard deltaIndex < receiveDeltas.count, receiveDeltas[deltaIndex].symbol == symbol else {
                    throw .twccDeltaMismatch
                }
                time += receiveDeltas[deltaIndex].microseconds
                deltaIndex += 1
                body(TWCCPacketResult(sequenceNumber: sequenceNumber, arrivalTime: time))
            }
            offset += chunk.symbolCount
        }
        guard offset >= count, deltaIndex == receiveDeltas.count else { throw .twccDeltaMismatch }
    }

    /// Every described packet in order, with arrival times in µs.
    public func packetResults() throws(RTCPError) -> [TWCCPacketResult] {
        var results: [TWCCPacketResult] = []
        results.reserveCapacity(Int(packetStatusCount))
        try forEachPacketResult { results.append($0) }
        return results
    }
}
