import RTP
import NIOCore
import RTCP

/// Receive-side NACK generation for one inbound stream (RFC 4585 §6.2.1,
/// in the manner of libwebrtc's NackRequester and Pion's NACK generator):
/// gaps in the sequence become missing packets, which are NACKed, re-NACKed
/// after a round trip, and given up after a number of tries or an age.
public struct NACKGenerator: Sendable {
    /// Limits of the generator.
    public struct Configuration: Sendable, Hashable {
        /// Missing packets kept at most; the oldest are given up beyond it.
        public var maxMissing: Int
        /// NACKs sent per missing packet before it is given up.
        public var maxRetries: Int
        /// Shortest wait before NACKing a packet again (the RTT is used when longer).
        public var minRetryInterval: TimeAmount
        /// A packet missing for longer than this is given up.
        public var maxAge: TimeAmount
        /// A packet this many sequence numbers behind the newest is given up.
        public var maxSequenceAge: Int64

        public init(
            maxMissing: Int = 1000, maxRetries: Int = 10, minRetryInterval: TimeAmount = .milliseconds(20),
            maxAge: TimeAmount = .milliseconds(1500), maxSequenceAge: Int64 = 10_000
        ) {
            self.maxMissing = max(maxMissing, 1)
            self.maxRetries = max(maxRetries, 1)
            self.minRetryInterval = minRetryInterval
            self.maxAge = maxAge
            self.maxSequenceAge = maxSequenceAge
        }
    }

    private struct MissingPacket: Sendable {
        var extended: Int64
        var detected: NIODeadline
        var lastSent: NIODeadline?
        var retries: Int
    }

    /// The limits in force.
    public let configuration: Configuration
    private var unwrapper = SequenceNumberUnwrapper()
    /// Missing packets in increasing extended order (gaps are found in order).
    private var missing: [MissingPacket] = []
    /// Missing packets that arrived after all (late or retransmitted).
    public private(set) var recoveredCount = 0
    /// Missing packets given up: too many tries, too old, or beyond `maxMissing`.
    public private(set) var givenUpCount = 0
    /// Sequence numbers put into NACKs, retries included.
    public private(set) var nackedCount = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        missing.reserveCapacity(configuration.maxMissing)
    }

    /// Sequence numbers currently missing, oldest first.
    public var missingSequenceNumbers: [UInt16] {
        missing.map { UInt16(truncatingIfNeeded: $0.extended) }
    }

    /// Records a received packet: a jump forward adds the skipped numbers
    /// as missing; an older number removes itself from the missing list.
    /// Returns true when the packet was one of the missing ones.
    @discardableResult
    public mutating func onPacket(sequenceNumber: UInt16, now: NIODeadline) -> Bool {
        let previous = unwrapper.highest
        let extended = unwrapper.unwrap(sequenceNumber)
        guard let previous else { return false }
        if extended > previous {
            var first = previous + 1
            let gap = extended - first
            if gap > Int64(configuration.maxMissing) {
                // A huge gap: only the newest `maxMissing` are worth asking for.
                givenUpCount += Int(gap - Int64(configuration.maxMissing))
                first = extended - Int64(configuration.maxMissing)
            }
            for missingNumber in first..<extended {
                missing.append(MissingPacket(extended: missingNumber, detected: now, lastSent: nil, retries: 0))
            }
            let excess = missing.count - configuration.maxMissing
            if excess > 0 {
                missing.removeFirst(excess)
                givenUpCount += excess
            }
            return false
        }
        guard let index = index(of: extended) else { return false }
        missing.remove(at: index)
        recoveredCount += 1
        return true
    }

    /// Whether `sequenceNumber` is among the missing packets (a
    /// retransmission of anything else is a duplicate).
    public func isMissing(_ sequenceNumber: UInt16) -> Bool {
        guard unwrapper.highest != nil else { return false }
        return index(of: unwrapper.peek(sequenceNumber)) != nil
    }

    /// Binary search in the sorted missing list.
    private func index(of extended: Int64) -> Int? {
        var low = 0
        var high = missing.count
        while low < high {
            let middle = (low + high) / 2
            if missing[middle].extended < extended { low = middle + 1 } else { high = middle }
        }
        return low < missing.count && missing[low].extended == extended ? low : nil
    }

    /// The sequence numbers to NACK now, in RTP order: those never NACKed
    /// and those whose last NACK is older than max(`rtt`, `minRetryInterval`).
    /// Gives up packets past `maxRetries`, `maxAge` or `maxSequenceAge`.
    public mutating func dueNACKs(now: NIODeadline, rtt: TimeAmount) -> [UInt16] {
        let interval = max(rtt, configuration.minRetryInterval)
        let newest = unwrapper.highest ?? 0
        var due: [UInt16] = []
        var kept = 0
        // Compacts in place (kept <= index), so no copy of the list is made.
        for index in missing.indices {
            var packet = missing[index]
            let tooOld =
                now - packet.detected > configuration.maxAge
                || newest - packet.extended > configuration.maxSequenceAge
            let retryDue = packet.lastSent.map { now - $0 >= interval } ?? true
            if tooOld || (retryDue && packet.retries >= configuration.maxRetries) {
                givenUpCount += 1
                continue
            }
            if retryDue {
                packet.retries += 1
                packet.lastSent = now
                due.append(UInt16(truncatingIfNeeded: packet.extended))
            }
            missing[kept] = packet
            kept += 1
        }
        missing.removeLast(missing.count - kept)
        nackedCount += due.count
        return due
    }

    /// `dueNACKs` packed into a generic NACK, nil when nothing is due.
    public mutating func nack(senderSSRC: UInt32, mediaSSRC: UInt32, now: NIODeadline, rtt: TimeAmount)
        -> TransportLayerNACK?
    {
        let due = dueNACKs(now: now, rtt: rtt)
        guard !due.isEmpty else { return nil }
        return TransportLayerNACK(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, lostSequenceNumbers: due)
    }
}
