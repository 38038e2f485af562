/// What rooms did with data channel messages, for /metrics.
public struct DataChannelRoomCounters: Sendable, Hashable {
    /// Messages and bytes participants sent on their channels.
    public var messagesIn: UInt64 = 0
    public var bytesIn: UInt64 = 0
    /// Messages and bytes queued toward receivers.
    public var messagesOut: UInt64 = 0
    public var bytesOut: UInt64 = 0
    /// Messages not forwarded, by reason: over the sender's message or byte rate; a slow
    /// receiver on a partially reliable channel; larger than the receiver
    /// accepts; the receiver's channel not open (its association not up).
    public var droppedRateLimit: UInt64 = 0
    public var droppedByteRateLimit: UInt64 = 0
    public var droppedSlowReceiver: UInt64 = 0
    public var droppedTooLarge: UInt64 = 0
    public var droppedNoChannel: UInt64 = 0
    /// Forwarded channels closed, by reason: the sender closed its channel
    /// or left; a slow receiver on a reliable channel; the receiver closed it.
    public var closedBySender: UInt64 = 0
    public var closedSlowReceiver: UInt64 = 0
    public var closedByReceiver: UInt64 = 0
    /// Forwarded channels the server could not open (no free stream).
    public var openFailures: UInt64 = 0
    /// Channels a client opened on its subscribe PC (closed at once: only the
    /// server opens channels there).
    public var refusedOnSubscribe: UInt64 = 0

    public init() {}

    /// Both counts, field by field.
    public func adding(_ other: DataChannelRoomCounters) -> DataChannelRoomCounters {
        var sum = self
        for field in Self.fields { sum[keyPath: field] &+= other[keyPath: field] }
        return sum
    }

    private static var fields: [WritableKeyPath<DataChannelRoomCounters, UInt64>] {
        [
            \.messagesIn, \.bytesIn, \.messagesOut, \.bytesOut, \.droppedRateLimit, \.droppedByteRateLimit, \.droppedSlowReceiver,
            \.droppedTooLarge, \.droppedNoChannel, \.closedBySender, \.closedSlowReceiver, \.closedByReceiver,
            \.openFailures, \.refusedOnSubscribe,
        ]
    }
}
