/// What a room counts, for /metrics.
public struct RoomCounters: Sendable, Hashable {
    public var packetsForwarded: UInt64 = 0
    public var bytesForwarded: UInt64 = 0
    public var packetsDropped: UInt64 = 0
    public var keyframeRequestsSent: UInt64 = 0
    /// Sequence numbers NACKed to publishers (retries included).
    public var nacksSent: UInt64 = 0
    /// Sequence numbers subscribers NACKed.
    public var nacksReceived: UInt64 = 0
    /// Packets sent again to subscribers (RTX or plain).
    public var retransmissionsSent: UInt64 = 0
    /// Publisher packets that arrived after being NACKed or found missing.
    public var packetsRecovered: UInt64 = 0
    /// Publisher SSRCs that replaced an earlier one of the same layer.
    public var ssrcsReplaced: UInt64 = 0
    /// Retransmissions not sent: the subscriber's budget was spent.
    public var retransmissionsOverBudget: UInt64 = 0
    /// NACKed sequence numbers ahead of anything sent (abuse, or a broken receiver).
    public var nacksForUnsentPackets: UInt64 = 0
    /// NACKed packets sent once and no longer held (rooms.retransmission_history).
    public var nacksPastHistory: UInt64 = 0
    /// Data channel forwarding.
    public var dataChannels = DataChannelRoomCounters()

    public init() {}

    /// Both counts, field by field (wrapping, as counters do).
    public func adding(_ other: RoomCounters) -> RoomCounters {
        var sum = self
        sum.packetsForwarded &+= other.packetsForwarded
        sum.bytesForwarded &+= other.bytesForwarded
        sum.packetsDropped &+= other.packetsDropped
        sum.keyframeRequestsSent &+= other.keyframeRequestsSent
        sum.nacksSent &+= other.nacksSent
        sum.nacksReceived &+= other.nacksReceived
        sum.retransmissionsSent &+= other.retransmissionsSent
        sum.packetsRecovered &+= other.packetsRecovered
        sum.ssrcsReplaced &+= other.ssrcsReplaced
        sum.retransmissionsOverBudget &+= other.retransmissionsOverBudget
        sum.nacksForUnsentPackets &+= other.nacksForUnsentPackets
        sum.nacksPastHistory &+= other.nacksPastHistory
        sum.dataChannels = sum.dataChannels.adding(other.dataChannels)
        return sum
    }
}
