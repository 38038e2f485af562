/// What the send-side estimator remembers of each packet sent with a
/// transport-wide sequence number: a fixed ring indexed by the low bits of
/// the number, so recording a packet allocates nothing.
struct SentPacketHistory: Sendable {
    struct Entry: Sendable {
        var sequenceNumber: UInt16
        var sendTime: Int64  // µs
        var size: Int
        /// The probe cluster the packet belonged to, if any.
        var probeCluster: Int?
        var valid: Bool
        /// Already counted from a feedback: a repeated report is ignored.
        var reported: Bool
    }

    private var entries: [Entry]
    private let mask: Int

    /// A ring of `capacity` entries (a power of two dividing 65536).
    init(capacity: Int = 8192) {
        entries = Array(
            repeating: Entry(sequenceNumber: 0, sendTime: 0, size: 0, probeCluster: nil, valid: false, reported: false), count: capacity)
        mask = capacity - 1
    }

    mutating func record(sequenceNumber: UInt16, sendTime: Int64, size: Int, probeCluster: Int? = nil) {
        entries[Int(sequenceNumber) & mask] = Entry(
            sequenceNumber: sequenceNumber, sendTime: sendTime, size: size, probeCluster: probeCluster, valid: true,
            reported: false)
    }

    /// The entry of `sequenceNumber` if held and not reported yet, marking it reported.
    mutating func takeUnreported(_ sequenceNumber: UInt16) -> Entry? {
        let index = Int(sequenceNumber) & mask
        let entry = entries[index]
        guard entry.valid, entry.sequenceNumber == sequenceNumber, !entry.reported else { return nil }
        entries[index].reported = true
        return entry
    }
}
