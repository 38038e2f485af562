import NIOCore
import RTP
import RTPStreams

/// What one down track remembers of each packet it sent, to answer its
/// subscriber's NACKs: where the packet's bytes are in the publisher
/// stream's shared history and what the rewriter wrote in its header, so
/// the rewriter can write it again. A fixed ring of small values indexed
/// by outgoing sequence number: no packet bytes and no allocation per
/// packet.
struct SentPacketMap {
    /// One packet as the down track sent it.
    struct Entry {
        var sequenceNumber: UInt16 = 0
        var occupied = false
        var retransmissions: UInt8 = 0
        /// The publisher stream (SSRC) and its history's index of the source packet.
        var sourceSSRC: UInt32 = 0
        var sourceIndex: SourcePacketHistory.Index = 0
        var header = DownTrackRewriter.WrittenHeader()
        var sentAt: NIODeadline = .uptimeNanoseconds(0)
        var lastRetransmission: NIODeadline?
    }

    /// What a NACKed sequence number finds.
    enum Lookup {
        /// Sent and still young enough: write it again.
        case packet(Entry)
        /// Held, but already retransmitted within the last RTT, or as often
        /// as allowed: send nothing.
        case suppressed
        /// Not held (never sent, overwritten or too old).
        case missing
    }

    /// Entries in the ring, a power of two so that it divides 65536 and
    /// `sequenceNumber % capacity` stays consistent across the wrap.
    static let capacity = 512
    /// Times one packet is sent again at most: past that the receiver is
    /// not getting it through, and a keyframe serves it better.
    static let maxRetransmissionsPerPacket = RetransmissionBuffer.maxRetransmissionsPerPacket

    /// Packets older than this are not retransmitted (too late to help).
    let maxAge: TimeAmount
    private var entries: [Entry]

    init(maxAge: TimeAmount) {
        self.maxAge = maxAge
        entries = Array(repeating: Entry(), count: Self.capacity)
    }

    var capacity: Int { Self.capacity }

    /// Records `entry` (its `sequenceNumber` the outgoing one), sent at `now`.
    mutating func record(_ entry: Entry, now: NIODeadline) {
        var entry = entry
        entry.occupied = true
        entry.sentAt = now
        entry.lastRetransmission = nil
        entry.retransmissions = 0
        entries[Int(entry.sequenceNumber) & (Self.capacity - 1)] = entry
    }

    /// The entry for a NACKed `sequenceNumber`, and records its
    /// retransmission at `now`; `rtt` is the least time between two
    /// retransmissions of one packet.
    mutating func retransmission(of sequenceNumber: UInt16, now: NIODeadline, rtt: TimeAmount) -> Lookup {
        let position = Int(sequenceNumber) & (Self.capacity - 1)
        let entry = entries[position]
        guard entry.occupied, entry.sequenceNumber == sequenceNumber, now - entry.sentAt <= maxAge else {
            return .missing
        }
        if let last = entry.lastRetransmission, now - last < rtt { return .suppressed }
        guard entry.retransmissions < Self.maxRetransmissionsPerPacket else { return .suppressed }
        entries[position].lastRetransmission = now
        entries[position].retransmissions += 1
        return .packet(entry)
    }

    /// Whether `sequenceNumber` was sent once and is gone (overwritten by a
    /// newer packet, or older than `maxAge` at `now`), as opposed to never
    /// sent (a gap the publisher has not filled yet).
    func wasDropped(_ sequenceNumber: UInt16, now: NIODeadline) -> Bool {
        let entry = entries[Int(sequenceNumber) & (Self.capacity - 1)]
        guard entry.occupied else { return false }
        if entry.sequenceNumber == sequenceNumber { return now - entry.sentAt > maxAge }
        return SequenceNumber.distance(from: sequenceNumber, to: entry.sequenceNumber) > 0
    }

    /// Whether `sequenceNumber` is held (and not too old at `now`).
    func contains(_ sequenceNumber: UInt16, now: NIODeadline) -> Bool {
        let entry = entries[Int(sequenceNumber) & (Self.capacity - 1)]
        return entry.occupied && entry.sequenceNumber == sequenceNumber && now - entry.sentAt <= maxAge
    }
}
