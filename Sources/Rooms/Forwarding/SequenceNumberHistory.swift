/// The outgoing-to-incoming sequence numbers of a down track's last 512
/// outgoing numbers, in a fixed ring (no allocation per packet), so a NACK
/// from the subscriber can be translated to the publisher's numbers.
public struct SequenceNumberHistory: Sendable, Hashable {
    /// Outgoing numbers remembered, counting back from the highest.
    public static let capacity = 512

    // Entry: bit 63 valid, bits 32-62 source generation, 16-31 outgoing,
    // 0-15 incoming. Indexed by outgoing & (capacity - 1).
    private var entries: [UInt64]

    public init() {
        entries = [UInt64](repeating: 0, count: Self.capacity)
    }

    /// Records that `outgoing` carries (or, for a gap, stands for)
    /// `incoming` of the source of `generation`.
    public mutating func record(outgoing: UInt16, incoming: UInt16, generation: UInt32) {
        entries[Int(outgoing) & (Self.capacity - 1)] =
            1 << 63 | UInt64(generation & 0x7FFF_FFFF) << 32 | UInt64(outgoing) << 16 | UInt64(incoming)
    }

    /// The incoming number recorded for `outgoing`, if it is within the
    /// last `capacity` numbers up to `highest` and of `generation`.
    public func incoming(forOutgoing outgoing: UInt16, highest: UInt16, generation: UInt32) -> UInt16? {
        guard highest &- outgoing < UInt16(Self.capacity) else { return nil }
        let entry = entries[Int(outgoing) & (Self.capacity - 1)]
        guard entry >> 63 == 1, UInt32(truncatingIfNeeded: entry >> 32) & 0x7FFF_FFFF == generation & 0x7FFF_FFFF,
            UInt16(truncatingIfNeeded: entry >> 16) == outgoing
        else { return nil }
        return UInt16(truncatingIfNeeded: entry)
    }
}
