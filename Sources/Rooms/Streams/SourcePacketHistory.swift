import NIOCore

/// The packets of one publisher stream as they arrived, each held once for
/// every subscriber's retransmissions (mediasoup's shared packets, LiveKit's
/// receive buffer). Sized by time: the ring grows while the packet it
/// would overwrite is younger than `limits.maxAge`, up to
/// `limits.maxPackets`, and its slots keep their storage, so a steady
/// stream allocates nothing per packet.
struct SourcePacketHistory {
    /// Where a packet is held: its store count, never reused.
    typealias Index = UInt64

    private struct Slot {
        /// `Index.max` while never filled.
        var index: Index
        var storedAt: NIODeadline
        var packet: ByteBuffer
    }

    let limits: RetransmissionHistoryLimits
    private var slots: [Slot]
    /// The index the next packet gets.
    private(set) var nextIndex: Index = 0

    /// Slots a new history starts with; it doubles from there as needed.
    static let initialSlots = 64

    init(limits: RetransmissionHistoryLimits) {
        self.limits = limits
        slots = Self.emptySlots(min(Self.initialSlots, limits.slotLimit))
    }

    /// Slots held now (a power of two).
    var capacity: Int { slots.count }

    /// Keeps a copy of `packet`'s readable bytes, arrived at `now`, and
    /// returns where it is held.
    mutating func store(_ packet: ByteBuffer, now: NIODeadline) -> Index {
        var position = Int(truncatingIfNeeded: nextIndex) & (slots.count - 1)
        if slots[position].index != .max, now - slots[position].storedAt < limits.maxAge,
            slots.count < limits.slotLimit
        {
            grow()
            position = Int(truncatingIfNeeded: nextIndex) & (slots.count - 1)
        }
        let index = nextIndex
        nextIndex &+= 1
        slots[position].index = index
        slots[position].storedAt = now
        // clear() keeps the capacity while the storage is ours alone.
        slots[position].packet.clear()
        slots[position].packet.writeImmutableBuffer(packet)
        return index
    }

    /// The packet stored at `index`, unless a newer one took its slot.
    func packet(at index: Index) -> ByteBuffer? {
        let slot = slots[Int(truncatingIfNeeded: index) & (slots.count - 1)]
        return slot.index == index ? slot.packet : nil
    }

    /// Doubles the ring, each packet moving (not copied) to its new slot.
    private mutating func grow() {
        var larger = Self.emptySlots(slots.count * 2)
        for slot in slots where slot.index != .max {
            larger[Int(truncatingIfNeeded: slot.index) & (larger.count - 1)] = slot
        }
        slots = larger
    }

    private static func emptySlots(_ count: Int) -> [Slot] {
        Array(repeating: Slot(index: .max, storedAt: .uptimeNanoseconds(0), packet: ByteBuffer()), count: count)
    }
}
