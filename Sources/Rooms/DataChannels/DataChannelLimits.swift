/// What one participant's data channels may make the server hold or do
/// (the config's `data_channels:` section; docs/security.md).
public struct DataChannelLimits: Sendable, Hashable {
    /// Accept m=application in publish offers and offer it to subscribers.
    public var enabled: Bool
    /// Channels one participant may have open on its publish PC; the peer's
    /// open beyond it is refused by resetting its stream.
    public var maxChannelsPerParticipant: Int
    /// Messages per second one participant may send (all its channels),
    /// with a burst allowance; excess messages are dropped and counted.
    public var messagesPerSecond: Int
    public var messageBurst: Int
    /// Message bytes per second one participant may send (all its
    /// channels), with a burst allowance of at least one largest message;
    /// excess messages are dropped and counted.
    public var bytesPerSecond: Int
    public var byteBurst: Int
    /// The a=max-message-size the server offers and enforces.
    public var maxMessageSize: Int
    /// Bytes queued toward one receiver and not yet acknowledged past which
    /// a forwarded message is not queued: dropped on a partially reliable
    /// channel, the channel closed on a reliable one.
    public var maxBufferedBytesPerReceiver: Int

    public init(
        enabled: Bool = true, maxChannelsPerParticipant: Int = 16, messagesPerSecond: Int = 200, messageBurst: Int = 400,
        bytesPerSecond: Int = 2 * 1_048_576, byteBurst: Int = 4 * 1_048_576, maxMessageSize: Int = 262_144,
        maxBufferedBytesPerReceiver: Int = 4 * 1_048_576
    ) {
        self.enabled = enabled
        self.maxChannelsPerParticipant = maxChannelsPerParticipant
        self.messagesPerSecond = messagesPerSecond
        self.messageBurst = messageBurst
        self.bytesPerSecond = bytesPerSecond
        self.byteBurst = byteBurst
        self.maxMessageSize = maxMessageSize
        self.maxBufferedBytesPerReceiver = maxBufferedBytesPerReceiver
    }
}
