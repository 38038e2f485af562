import NIOCore

/// DATA chunks sent and not yet cumulatively acknowledged, in TSN order
/// (their TSNs are consecutive): gap acks, missing reports for fast
/// retransmit (RFC 9260 §7.2.4), and abandonment (RFC 3758 §3.5).
struct SCTPRetransmissionQueue: Sendable {
    struct Entry: Sendable {
        var fragment: SCTPSendQueue.Fragment
        var sentAt: NIODeadline
        var transmissions = 1
        var acked = false
        var abandoned = false
        var missingReports = 0
        var fastRetransmitted = false
        var needsRetransmit = false
        var size: Int { fragment.chunk.userData.readableBytes }
        var tsn: UInt32 { fragment.chunk.tsn }
        /// Counted in the flight size (§6.1): sent, not acked, not given up.
        var inFlight: Bool { !acked && !abandoned && !needsRetransmit }
    }

    private(set) var entries: [Entry] = []
    /// The peer's cumulative TSN ack.
    private(set) var cumulativeAck: UInt32

    init(initialTSN: UInt32) {
        cumulativeAck = initialTSN &- 1
    }

    var isEmpty: Bool { entries.isEmpty }
    var flightSize: Int { entries.reduce(0) { $0 + ($1.inFlight ? $1.size : 0) } }
    /// Bytes the peer has not acknowledged, for its receive window.
    var outstandingBytes: Int { entries.reduce(0) { $0 + ($1.acked || $1.abandoned ? 0 : $1.size) } }
    var highestTSN: UInt32? { entries.last?.tsn }

    mutating func append(_ fragment: SCTPSendQueue.Fragment, now: NIODeadline) {
        entries.append(Entry(fragment: fragment, sentAt: now))
    }

    struct AckResult {
        var bytesAcked = 0
        var advanced = false
        var rttSample: TimeAmount?
        var newlyMissing: Bool = false
    }

    /// Applies a SACK (§6.2.1): drops what is cumulatively acked, marks gap
    /// acks, counts missing reports; returns what the congestion control needs.
    mutating func apply(_ sack: SCTPSelectiveAck, now: NIODeadline) -> AckResult? {
        guard cumulativeAck.precedesOrEquals(sack.cumulativeTSNAck) else { return nil }
        if let highest = highestTSN, highest.precedes(sack.cumulativeTSNAck) { return nil }
        if entries.isEmpty, sack.cumulativeTSNAck != cumulativeAck { return nil }
        var result = AckResult()
        var removed = 0
        while removed < entries.count, entries[removed].tsn.precedesOrEquals(sack.cumulativeTSNAck) {
            let entry = entries[removed]
            if !entry.acked && !entry.abandoned { result.bytesAcked += entry.size }
            if entry.transmissions == 1, !entry.acked { result.rttSample = now - entry.sentAt }
            removed += 1
        }
        entries.removeFirst(removed)
        result.advanced = sack.cumulativeTSNAck != cumulativeAck
        cumulativeAck = sack.cumulativeTSNAck
        // Gap acks are recomputed from each SACK: a receiver may renege (§6.2).
        var ackedNow = [Bool](repeating: false, count: entries.count)
        var highestGapAcked: Int?
        for block in sack.gapBlocks where block.start <= block.end && block.start > 0 {
            let low = Int(block.start) - 1
            let high = min(Int(block.end) - 1, entries.count - 1)
            guard low <= high else { continue }
            for index in low...high { ackedNow[index] = true }
            highestGapAcked = max(highestGapAcked ?? 0, high)
        }
        for index in entries.indices {
            if ackedNow[index] && !entries[index].acked && !entries[index].abandoned {
                result.bytesAcked += entries[index].size
                if entries[index].transmissions == 1 { result.rttSample = now - entries[index].sentAt }
                entries[index].needsRetransmit = false
            }
            entries[index].acked = ackedNow[index]
        }
        guard let highest = highestGapAcked else { return result }
        for index in 0..<highest where !entries[index].acked && !entries[index].abandoned && !entries[index].fastRetransmitted {
            entries[index].missingReports += 1
            if entries[index].missingReports >= 3 {
                entries[index].fastRetransmitted = true
                entries[index].needsRetransmit = true
                result.newlyMissing = true
            }
        }
        return result
    }

    /// The T3-rtx timer expired (§6.3.3 E3): everything unacked goes again.
    mutating func markAllForRetransmit() {
        for index in entries.indices where !entries[index].acked && !entries[index].abandoned {
            entries[index].needsRetransmit = true
        }
    }

    var hasRetransmissions: Bool { entries.contains { $0.needsRetransmit } }

    /// Index of the first chunk waiting to be retransmitted.
    var firstRetransmitIndex: Int? { entries.firstIndex { $0.needsRetransmit } }

    mutating func markRetransmitted(at index: Int, now: NIODeadline) {
        entries[index].needsRetransmit = false
        entries[index].transmissions += 1
        entries[index].missingReports = 0
        entries[index].sentAt = now
    }

    /// Abandons every chunk of message `id` (all its fragments go together).
    mutating func abandon(messageID id: UInt64) {
        for index in entries.indices where entries[index].fragment.messageID == id {
            entries[index].abandoned = true
            entries[index].needsRetransmit = false
        }
    }

    /// Whether the chunk at `index` is past its partial-reliability limit.
    func shouldAbandon(at index: Int, now: NIODeadline) -> Bool {
        let entry = entries[index]
        switch entry.fragment.reliability {
        case .reliable: return false
        case .maxRetransmits(let limit): return entry.transmissions > limit
        case .lifetime: return entry.fragment.expiry.map { $0 <= now } ?? false
        }
    }

    /// The FORWARD-TSN for the abandoned chunks at the front (RFC 3758
    /// §3.5 C1-C4), or nil when there are none.
    func forwardTSN() -> SCTPForwardTSN? {
        var point = cumulativeAck
        var skipped: [UInt16: UInt16] = [:]
        for entry in entries {
            guard entry.abandoned || entry.acked else { break }
            guard entry.abandoned else { break }
            point = entry.tsn
            if !entry.fragment.chunk.unordered {
                skipped[entry.fragment.chunk.streamIdentifier] = entry.fragment.chunk.streamSequenceNumber
            }
        }
        guard point != cumulativeAck else { return nil }
        let list = skipped.sorted { $0.key < $1.key }.map {
            SCTPForwardTSN.SkippedStream(streamIdentifier: $0.key, streamSequenceNumber: $0.value)
        }
        return SCTPForwardTSN(newCumulativeTSN: point, skipped: list)
    }
}
