/// What was wrong with RTCP input, and where.
///
/// Offsets (`at:`) count bytes from the start of what was handed to the
/// parser: the compound datagram for compound parsing and iteration, the
/// packet for a single packet's `init(parsing:)`.
public enum RTCPError: Error, Sendable, Hashable {
    /// A read of `need` bytes at offset `at` ran past the end of the input
    /// (or of the packet's body).
    case truncated(at: Int, need: Int)
    /// A header's version field is not 2 (RFC 3550 §6.4.1).
    case badVersion(UInt8)
    /// The length field of the packet at `at` runs past the end of the input.
    case lengthOverrun(at: Int)
    /// The packet at `at` has bytes its content does not account for, or
    /// fewer than its fixed layout needs.
    case lengthMismatch(at: Int)
    /// The packet at `at` has its padding bit set but a padding count of
    /// zero or one larger than the packet (RFC 3550 §6.4.1).
    case badPadding(at: Int)
    /// The report or source count of the packet at `at` needs more bytes
    /// than the packet has.
    case badReportCount(at: Int)
    /// A single packet's parser was handed a packet of another type.
    case unexpectedPacketType(RTCPPacketType)
    /// A feedback message's parser was handed another FMT.
    case unexpectedFormat(UInt8)
    /// A payload-specific feedback with FMT 15 lacks the "REMB" identifier.
    case badREMBIdentifier
    /// The transport-wide CC packet chunk at `at` uses the reserved symbol.
    case badTWCCChunk(at: Int)
    /// A transport-wide CC value's chunks and receive deltas disagree
    /// (only possible for values built by hand, never for parsed ones).
    case twccDeltaMismatch
    /// The TWCC builder was given a sequence number that does not follow
    /// the previous one (or the base) in wrap-around order.
    case twccSequenceNotIncreasing(sequenceNumber: UInt16)
    /// The TWCC builder needs a receive delta outside a signed 16-bit count
    /// of 250 µs ticks for this packet.
    case twccDeltaOutOfRange(sequenceNumber: UInt16)
    /// The TWCC builder was given a reference time outside 24-bit signed range.
    case twccReferenceTimeOutOfRange(Int32)
}
