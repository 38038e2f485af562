/// Which peer TSNs have arrived: the cumulative TSN, the TSNs received
/// beyond it (the gap blocks of the next SACK) and the duplicates since
/// the last SACK (RFC 9260 §6.2).
struct SCTPReceiveTracker: Sendable {
    private(set) var cumulativeTSN: UInt32
    private var beyond: Set<UInt32> = []
    private(set) var duplicates: [UInt32] = []
    /// TSNs further than this past the cumulative TSN are refused, which
    /// bounds `beyond` and keeps gap offsets within 16 bits.
    let maxAhead: UInt32

    static let maxReportedDuplicates = 16

    init(peerInitialTSN: UInt32, maxAhead: UInt32) {
        cumulativeTSN = peerInitialTSN &- 1
        self.maxAhead = maxAhead
    }

    enum Outcome { case new, duplicate, tooFarAhead }

    /// Classifies `tsn` without recording it.
    func classify(_ tsn: UInt32) -> Outcome {
        if tsn.precedesOrEquals(cumulativeTSN) || beyond.contains(tsn) { return .duplicate }
        return tsn &- cumulativeTSN > maxAhead ? .tooFarAhead : .new
    }

    mutating func noteDuplicate(_ tsn: UInt32) {
        if duplicates.count < SCTPReceiveTracker.maxReportedDuplicates { duplicates.append(tsn) }
    }

    /// Records a new TSN and advances the cumulative TSN over what is contiguous.
    mutating func record(_ tsn: UInt32) {
        beyond.insert(tsn)
        advance()
    }

    /// FORWARD-TSN (RFC 3758 §3.6): everything up to `tsn` counts as received.
    mutating func forward(to tsn: UInt32) {
        guard cumulativeTSN.precedes(tsn), tsn &- cumulativeTSN <= maxAhead else { return }
        beyond = beyond.filter { !$0.precedesOrEquals(tsn) }
        cumulativeTSN = tsn
        advance()
    }

    var hasGaps: Bool { !beyond.isEmpty }

    /// Gap ack blocks as offsets from the cumulative TSN (RFC 9260 §3.3.4).
    func gapBlocks(limit: Int = 64) -> [SCTPSelectiveAck.GapBlock] {
        let offsets = beyond.map { $0 &- cumulativeTSN }.sorted()
        var blocks: [SCTPSelectiveAck.GapBlock] = []
        for offset in offsets {
            let value = UInt16(truncatingIfNeeded: offset)
            if let last = blocks.last, last.end &+ 1 == value {
                blocks[blocks.count - 1].end = value
            } else {
                guard blocks.count < limit else { break }
                blocks.append(.init(start: value, end: value))
            }
        }
        return blocks
    }

    mutating func takeDuplicates() -> [UInt32] {
        defer { duplicates = [] }
        return duplicates
    }

    private mutating func advance() {
        while beyond.remove(cumulativeTSN &+ 1) != nil { cumulativeTSN &+= 1 }
    }
}
