import Rooms

extension ServerConfiguration {
    /// The `data_channels:` section: whether WebSocket participants get data
    /// channels, and what each may make the server hold or do
    /// (docs/security.md; docs/protocol.md, "Data channels").
    public struct DataChannels: Sendable, Equatable {
        public var limits = DataChannelLimits()

        public init() {}

        mutating func read(_ r: inout SectionReader) throws {
            limits.enabled = try r.bool("enabled", limits.enabled)
            limits.maxChannelsPerParticipant = try r.positive("max_channels_per_participant", limits.maxChannelsPerParticipant)
            guard limits.maxChannelsPerParticipant <= 512 else {
                throw ConfigurationError(description: "data_channels.max_channels_per_participant must be at most 512")
            }
            limits.messagesPerSecond = try r.positive("messages_per_second", limits.messagesPerSecond)
            limits.messageBurst = try r.positive("message_burst", limits.messageBurst)
            limits.bytesPerSecond = try r.positive("bytes_per_second", limits.bytesPerSecond)
            limits.byteBurst = try r.positive("byte_burst", limits.byteBurst)
            limits.maxMessageSize = try r.positive("max_message_size", limits.maxMessageSize)
            guard limits.maxMessageSize <= 16 * 1_048_576 else {
                throw ConfigurationError(description: "data_channels.max_message_size must be at most 16 MiB")
            }
            // A burst smaller than one message would refuse every message that size.
            guard limits.byteBurst >= limits.maxMessageSize else {
                throw ConfigurationError(description: "data_channels.byte_burst must be at least max_message_size")
            }
            limits.maxBufferedBytesPerReceiver = try r.positive(
                "max_buffered_bytes_per_receiver", limits.maxBufferedBytesPerReceiver)
        }
    }
}
