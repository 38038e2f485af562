/// One packet's fate in transport-wide CC feedback: its transport-wide
/// sequence number and, if it arrived, when.
public struct TWCCPacketResult: Sendable, Hashable {
    /// Transport-wide sequence number.
    public var sequenceNumber: UInt16
    /// Arrival time in microseconds on the feedback sender's clock, whose
    /// zero is reference time 0; nil if the packet was not received.
    public var arrivalTime: Int64?

    public init(sequenceNumber: UInt16, arrivalTime: Int64?) {
        self.sequenceNumber = sequenceNumber
        self.arrivalTime = arrivalTime
    }

    /// Whether the packet arrived.
    public var isReceived: Bool { arrivalTime != nil }
}
