/// What an association saw and did, for metrics. Every input it refused
/// is counted under the reason it was refused.
public struct SCTPCounters: Sendable, Hashable {
    public var packetsReceived = 0
    public var packetsSent = 0
    public var messagesDelivered = 0
    public var bytesDelivered = 0
    public var messagesSent = 0
    public var retransmissions = 0
    public var fastRetransmits = 0
    public var timeouts = 0
    /// Messages given up under partial reliability (RFC 3758).
    public var messagesAbandoned = 0
    /// DATA chunks with a TSN already received.
    public var duplicateChunks = 0

    /// Refused input, by reason.
    public var malformedPackets = 0
    public var badChecksums = 0
    public var wrongVerificationTag = 0
    public var wrongPort = 0
    public var unexpectedChunks = 0
    public var unknownChunks = 0
    public var invalidStream = 0
    public var receiveWindowFull = 0
    public var badCookies = 0
    public var staleMessages = 0

    public init() {}
}
