/// What one peer transport's data channels may hold, from the negotiated
/// m=application and the server's limits.
public struct DataChannelSettings: Sendable, Hashable {
    /// Largest message accepted from the peer (our a=max-message-size).
    public var maxMessageSize: Int
    /// Largest message the peer accepts (its a=max-message-size).
    public var remoteMaxMessageSize: Int
    /// The peer's SCTP port (its a=sctp-port).
    public var remotePort: UInt16
    /// Channels open at once on this association (ours and the peer's).
    public var maxChannels: Int
    /// Bytes queued toward the peer and not yet acknowledged.
    public var sendBufferLimit: Int

    public init(
        maxMessageSize: Int = 262_144, remoteMaxMessageSize: Int = 65_536, remotePort: UInt16 = 5000,
        maxChannels: Int = 256, sendBufferLimit: Int = 4 * 1_048_576
    ) {
        self.maxMessageSize = maxMessageSize
        self.remoteMaxMessageSize = remoteMaxMessageSize
        self.remotePort = remotePort
        self.maxChannels = maxChannels
        self.sendBufferLimit = sendBufferLimit
    }
}
