import NIOCore
import RTP

/// Puts the RTP packets of one stream (one SSRC) back in sequence order.
///
/// Packets are inserted as they arrive and released in order by `next(at:)`.
/// A missing packet is waited for until the oldest packet buffered behind
/// it has waited `maxDelay`, or until `maxPackets` are buffered behind it,
/// so NACK repairs arriving late still fit; then it is reported as lost
/// and skipped. Duplicates and packets behind the release point are
/// dropped. Memory is bounded: a ring of `2 * maxPackets` slots plus one
/// parked packet for a jump out of the window (a sender restart), taken
/// up once the window has drained, the skipped numbers reported as lost. Time is given by the
/// caller. Sequence numbers compare modulo 2^16 (RFC 3550 §A.1).
public struct ReorderBuffer: Sendable {
    /// What `insert(_:at:)` did with a packet.
    public enum InsertResult: Sendable, Hashable {
        /// Buffered for release.
        case buffered
        /// Already buffered: dropped.
        case duplicate
        /// Behind the release point (released or given up as lost): dropped.
        case late
        /// Out of the window while another such packet is parked: dropped.
        case overflow
    }

    /// What `next(at:)` releases.
    public enum Output: Sendable {
        /// The next packet in sequence order.
        case packet(RTPPacket)
        /// `count` packets from `firstSequence` on were given up as lost.
        case lost(firstSequence: UInt16, count: Int)
    }

    private struct Slot: Sendable {
        var packet: RTPPacket
        var arrival: NIODeadline
    }

    /// How long a gap is waited for, from the arrival of the oldest packet
    /// buffered behind it.
    public let maxDelay: TimeAmount
    /// How many packets may wait behind a gap before it is given up.
    public let maxPackets: Int

    private var slots: [Slot?]
    /// Slot index of `nextSequence`.
    private var head = 0
    /// The sequence number released next.
    public private(set) var nextSequence: UInt16 = 0
    private var isStarted = false
    /// Packets in `slots`.
    public private(set) var bufferedCount = 0
    /// One past the farthest buffered distance from `nextSequence`.
    private var span = 0
    /// A packet beyond the window, stored once the window has moved to it.
    private var parked: Slot?
    /// The earliest arrival among buffered packets; nil when unknown.
    private var earliestArrival: NIODeadline?

    /// `maxPackets` is clamped to 1...32,767 (half the sequence space).
    public init(maxDelay: TimeAmount = .milliseconds(300), maxPackets: Int = 256) {
        self.maxDelay = maxDelay
        self.maxPackets = min(max(maxPackets, 1), 32_767)
        self.slots = Array(repeating: nil, count: min(2 * self.maxPackets, 32_768))
    }

    /// Forgets every packet and the release point, keeping the slots'
    /// storage: a new stream (SSRC) starts over without an allocation.
    public mutating func reset() {
        for offset in 0..<span { slots[(head + offset) % capacity] = nil }
        head = 0
        nextSequence = 0
        isStarted = false
        bufferedCount = 0
        span = 0
        parked = nil
        earliestArrival = nil
    }

    /// The slots' storage, to check that `reset` keeps it.
    var storageAddress: UnsafeRawPointer? {
        slots.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// The window: packets at distances 0..<capacity from `nextSequence`.
    private var capacity: Int { slots.count }

    /// Signed distance of `sequence` from the release point.
    private func distance(_ sequence: UInt16) -> Int {
        SequenceNumber.distance(from: nextSequence, to: sequence)
    }

    /// Inserts a packet that arrived at `now`. The first packet inserted
    /// sets the release point.
    @discardableResult
    public mutating func insert(_ packet: RTPPacket, at now: NIODeadline) -> InsertResult {
        let sequence = packet.sequenceNumber
        if !isStarted {
            isStarted = true
            nextSequence = sequence
        }
        let offset = distance(sequence)
        // Just behind: a late copy. Far behind or far ahead: the stream
        // jumped (a sender restart), taken up once the window drains.
        if offset < 0 && offset >= -capacity { return .late }
        guard offset >= 0 && offset < capacity else {
            if let parked {
                return parked.packet.sequenceNumber == sequence ? .duplicate : .overflow
            }
            parked = Slot(packet: packet, arrival: now)
            return .buffered
        }
        let index = (head + offset) % capacity
        guard slots[index] == nil else { return .duplicate }
        slots[index] = Slot(packet: packet, arrival: now)
        bufferedCount += 1
        span = max(span, offset + 1)
        if let earliest = earliestArrival {
            earliestArrival = min(earliest, now)
        } else if bufferedCount == 1 {
            earliestArrival = now
        }
        return .buffered
    }

    /// When `next(at:)` will give up the current gap, or nil when it is not
    /// waiting (nothing buffered, or the next packet is there).
    public mutating func nextDeadline() -> NIODeadline? {
        guard bufferedCount > 0, slots[head] == nil else { return nil }
        return oldestArrival() + maxDelay
    }

    /// Releases the next packet in order, or reports a run of lost packets
    /// when the gap before the buffered packets has waited long enough (or
    /// always, with `flushing`, to drain the buffer at the end). Returns nil
    /// when nothing can be released yet. Call until nil after each insert.
    public mutating func next(at now: NIODeadline, flushing: Bool = false) -> Output? {
        if bufferedCount == 0 {
            guard let parked else { return nil }
            // Nothing left in the window: jump to the parked packet.
            let skipped = Int(parked.packet.sequenceNumber &- nextSequence)
            let first = nextSequence
            self.parked = nil
            head = 0
            nextSequence = parked.packet.sequenceNumber
            span = 0
            earliestArrival = nil
            _ = insert(parked.packet, at: parked.arrival)
            return skipped > 0 ? .lost(firstSequence: first, count: skipped) : next(at: now, flushing: flushing)
        }
        if let slot = slots[head] {
            slots[head] = nil
            bufferedCount -= 1
            advance(by: 1)
            if earliestArrival == slot.arrival { earliestArrival = nil }
            return .packet(slot.packet)
        }
        let expired = now >= oldestArrival() + maxDelay
        guard flushing || expired || bufferedCount >= maxPackets || parked != nil else { return nil }
        var run = 1
        while run < span, slots[(head + run) % capacity] == nil { run += 1 }
        let first = nextSequence
        advance(by: run)
        return .lost(firstSequence: first, count: run)
    }

    private mutating func advance(by count: Int) {
        head = (head + count) % capacity
        nextSequence &+= UInt16(truncatingIfNeeded: count)
        span = max(span - count, 0)
    }

    /// The earliest arrival among buffered packets: when the gap at the
    /// head became known. Rescanned only after that packet left.
    private mutating func oldestArrival() -> NIODeadline {
        if let earliestArrival { return earliestArrival }
        var earliest = NIODeadline.distantFuture
        for offset in 0..<span {
            if let slot = slots[(head + offset) % capacity], slot.arrival < earliest { earliest = slot.arrival }
        }
        earliestArrival = earliest
        return earliest
    }
}
