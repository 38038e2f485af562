import NIOCore
import RTP

/// Send-side packet history of one outgoing stream, for answering NACKs
/// (RFC 4588 retransmission; mediasoup's RtpRetransmissionBuffer): the last
/// `capacity` packets sent, by outgoing sequence number, in a fixed ring
/// whose slots reuse their storage.
public struct RetransmissionBuffer: Sendable {
    /// What a NACKed sequence number finds.
    public enum Lookup: Sendable, Hashable {
        /// The stored packet, to send again.
        case packet(ByteBuffer)
        /// Held, but already retransmitted within the last RTT: send nothing.
        case suppressed
        /// Not held (never sent, evicted or too old): request a keyframe instead.
        case missing
    }

    private struct Slot: Sendable {
        var sequenceNumber: UInt16
        var occupied: Bool
        var sentAt: NIODeadline
        var lastRetransmission: NIODeadline?
        var retransmissions: UInt8
        var packet: ByteBuffer
    }

    /// Slots in the ring, a power of two so that it divides 65536 and
    /// `sequenceNumber % capacity` stays consistent across the wrap.
    public let capacity: Int
    /// Packets older than this are not retransmitted (too late to help).
    public let maxAge: TimeAmount
    /// Times one packet is sent again at most: past that the receiver is
    /// not getting it through, and a keyframe serves it better.
    public static let maxRetransmissionsPerPacket: UInt8 = 8
    private var slots: [Slot]
    /// NACKed packets found and returned.
    public private(set) var hits = 0
    /// NACKed packets not held.
    public private(set) var misses = 0
    /// NACKed packets held but retransmitted within the last RTT.
    public private(set) var suppressions = 0

    /// A ring of `capacity` slots (rounded up to a power of two, 1...32768).
    public init(capacity: Int = 512, maxAge: TimeAmount = .seconds(1)) {
        let clamped = min(max(capacity, 1), 32_768)
        var size = 1
        while size < clamped { size <<= 1 }
        self.capacity = size
        self.maxAge = maxAge
        slots = Array(
            repeating: Slot(
                sequenceNumber: 0, occupied: false, sentAt: .uptimeNanoseconds(0), lastRetransmission: nil,
                retransmissions: 0, packet: ByteBuffer()),
            count: size)
    }

    /// Stores a copy of `packet`'s readable bytes, sent as `sequenceNumber` at `now`.
    /// The slot's previous storage is reused when no one else holds it.
    public mutating func store(_ packet: ByteBuffer, sequenceNumber: UInt16, at now: NIODeadline) {
        let index = Int(sequenceNumber) & (capacity - 1)
        slots[index].sequenceNumber = sequenceNumber
        slots[index].occupied = true
        slots[index].sentAt = now
        slots[index].lastRetransmission = nil
        slots[index].retransmissions = 0
        // clear() keeps the capacity when the storage is uniquely ours.
        slots[index].packet.clear()
        slots[index].packet.writeImmutableBuffer(packet)
    }

    /// The packet to retransmit for a NACKed `sequenceNumber`, and records
    /// the retransmission at `now`. `rtt` is the least time between two
    /// retransmissions of one packet (the caller floors it: the receiver
    /// reports the RTT it is measured by).
    public mutating func retransmission(of sequenceNumber: UInt16, now: NIODeadline, rtt: TimeAmount) -> Lookup {
        let index = Int(sequenceNumber) & (capacity - 1)
        let slot = slots[index]
        guard slot.occupied, slot.sequenceNumber == sequenceNumber, now - slot.sentAt <= maxAge else {
            misses += 1
            return .missing
        }
        if let last = slot.lastRetransmission, now - last < rtt {
            suppressions += 1
            return .suppressed
        }
        guard slot.retransmissions < Self.maxRetransmissionsPerPacket else {
            suppressions += 1
            return .suppressed
        }
        slots[index].lastRetransmission = now
        slots[index].retransmissions += 1
        hits += 1
        return .packet(slot.packet)
    }

    /// Whether `sequenceNumber` was stored once and is gone (overwritten by
    /// a newer packet, or older than `maxAge` at `now`), as opposed to never
    /// stored (a gap the sender has not filled yet).
    public func wasDropped(_ sequenceNumber: UInt16, now: NIODeadline) -> Bool {
        let slot = slots[Int(sequenceNumber) & (capacity - 1)]
        guard slot.occupied else { return false }
        if slot.sequenceNumber == sequenceNumber { return now - slot.sentAt > maxAge }
        return SequenceNumber.distance(from: sequenceNumber, to: slot.sequenceNumber) > 0
    }

    /// Whether `sequenceNumber` is held (and not too old at `now`).
    public func contains(_ sequenceNumber: UInt16, now: NIODeadline) -> Bool {
        let slot = slots[Int(sequenceNumber) & (capacity - 1)]
        return slot.occupied && slot.sequenceNumber == sequenceNumber && now - slot.sentAt <= maxAge
    }
}
