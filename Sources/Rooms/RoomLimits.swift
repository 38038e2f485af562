/// What one participant may make a room hold (the server's `limits:`).
public struct RoomLimits: Sendable, Hashable {
    /// Participants in the room.
    public var maxParticipants: Int
    /// Audio and video tracks one participant publishes at once.
    public var maxTracksPerParticipant: Int
    /// m-lines in one publish offer (of any kind, active or not).
    public var maxMediaSectionsPerOffer: Int
    /// Video packets held per published stream for retransmissions.
    public var retransmissionHistory: RetransmissionHistoryLimits
    /// Data channels: channels, message rate and size, receiver buffers.
    public var dataChannels: DataChannelLimits

    public init(
        maxParticipants: Int = 50, maxTracksPerParticipant: Int = 16, maxMediaSectionsPerOffer: Int = 16,
        retransmissionHistory: RetransmissionHistoryLimits = RetransmissionHistoryLimits(),
        dataChannels: DataChannelLimits = DataChannelLimits()
    ) {
        self.maxParticipants = maxParticipants
        self.maxTracksPerParticipant = maxTracksPerParticipant
        self.maxMediaSectionsPerOffer = maxMediaSectionsPerOffer
        self.retransmissionHistory = retransmissionHistory
        self.dataChannels = dataChannels
    }
}
