import DataChannel
import SCTP

/// What the data channel associations of a worker's peers refused, and how
/// they ended, summed for metrics (kept on the worker's loop).
public struct DataChannelTransportCounters: Sendable, Hashable {
    /// The engines' own counts (packets, refused input by reason).
    public var sctp = SCTPCounters()
    public var channels = DataChannelCounters()
    /// Associations ended, by reason (`SCTPCloseReason`).
    public var closedByShutdown: UInt64 = 0
    public var abortedByPeer: UInt64 = 0
    /// Aborted by us: the peer broke the protocol (bad INIT, over-size
    /// message, zero-length DATA...) or retransmissions went unanswered.
    public var abortedProtocolViolation: UInt64 = 0
    public var timedOut: UInt64 = 0
    /// Still up when their peer transport closed.
    public var associationsClosedWithTransport: UInt64 = 0
    /// DTLS application data on a transport without data channels.
    public var recordsWithoutAssociation: UInt64 = 0
    /// SCTP packets DTLS could not send.
    public var recordsNotSent: UInt64 = 0

    public init() {}

    /// The SCTP counters exported, with their metric label.
    public static var sctpRefusals: [(reason: String, field: KeyPath<SCTPCounters, Int>)] {
        [
            ("malformed", \.malformedPackets), ("bad_checksum", \.badChecksums),
            ("wrong_verification_tag", \.wrongVerificationTag), ("wrong_port", \.wrongPort),
            ("unexpected_chunk", \.unexpectedChunks), ("unknown_chunk", \.unknownChunks),
            ("invalid_stream", \.invalidStream), ("receive_window_full", \.receiveWindowFull),
            ("bad_cookie", \.badCookies), ("stale", \.staleMessages),
        ]
    }
    public static var channelRefusals: [(reason: String, field: KeyPath<DataChannelCounters, Int>)] {
        [
            ("malformed_dcep", \.malformedControl), ("open_wrong_parity", \.openOnWrongParity),
            ("open_used_stream", \.openOnUsedStream), ("channel_limit", \.channelLimit),
            ("unknown_ppid", \.unknownPayloadProtocol), ("unknown_channel", \.messageOnUnknownChannel),
        ]
    }

    private static var sctpFields: [WritableKeyPath<SCTPCounters, Int>] {
        [
            \.packetsReceived, \.packetsSent, \.messagesDelivered, \.bytesDelivered, \.messagesSent, \.retransmissions,
            \.fastRetransmits, \.timeouts, \.messagesAbandoned, \.duplicateChunks, \.malformedPackets, \.badChecksums,
            \.wrongVerificationTag, \.wrongPort, \.unexpectedChunks, \.unknownChunks, \.invalidStream,
            \.receiveWindowFull, \.badCookies, \.staleMessages,
        ]
    }
    private static var channelFields: [WritableKeyPath<DataChannelCounters, Int>] {
        [
            \.malformedControl, \.openOnWrongParity, \.openOnUsedStream, \.channelLimit, \.unknownPayloadProtocol,
            \.messageOnUnknownChannel,
        ]
    }

    /// Adds what one endpoint counted between two snapshots.
    mutating func add(
        from before: (SCTPCounters, DataChannelCounters), to after: (SCTPCounters, DataChannelCounters)
    ) {
        for field in Self.sctpFields { sctp[keyPath: field] &+= after.0[keyPath: field] &- before.0[keyPath: field] }
        for field in Self.channelFields {
            channels[keyPath: field] &+= after.1[keyPath: field] &- before.1[keyPath: field]
        }
    }

    /// Sums two workers' counters.
    public func adding(_ other: DataChannelTransportCounters) -> DataChannelTransportCounters {
        var sum = self
        sum.add(from: (SCTPCounters(), DataChannelCounters()), to: (other.sctp, other.channels))
        sum.closedByShutdown &+= other.closedByShutdown
        sum.abortedByPeer &+= other.abortedByPeer
        sum.abortedProtocolViolation &+= other.abortedProtocolViolation
        sum.timedOut &+= other.timedOut
        sum.associationsClosedWithTransport &+= other.associationsClosedWithTransport
        sum.recordsWithoutAssociation &+= other.recordsWithoutAssociation
        sum.recordsNotSent &+= other.recordsNotSent
        return sum
    }

    mutating func countClose(_ reason: SCTPCloseReason) {
        switch reason {
        case .shutdown: closedByShutdown &+= 1
        case .abortedByPeer: abortedByPeer &+= 1
        case .aborted: abortedProtocolViolation &+= 1
        case .timedOut: timedOut &+= 1
        }
    }
}
