/// What a room tells one participant, in the room's own terms. Each link
/// kind maps it to its wire form (the WebSocket session to contract
/// messages, a WHIP/WHEP session to HTTP, a relay to its peer node); the
/// room never knows which it has.
public enum RoomEvent: Sendable, Hashable {
    /// Someone entered the room.
    case participantJoined(ParticipantSnapshot)
    /// Someone left the room.
    case participantLeft(ParticipantSnapshot)
    /// `participant` now publishes exactly `tracks`.
    case tracks(participant: String, tracks: [TrackSnapshot])
    /// A new offer for the participant's subscribe PC, with the tracks it
    /// forwards and their mids. The room never has two in flight.
    case offer(sdp: String, tracks: [TrackSnapshot])
    /// A subscribed video track stopped: nothing fits the subscriber's bandwidth.
    case trackPaused(track: String)
    /// A paused track is forwarded again.
    case trackResumed(track: String)
    /// Who is speaking, loudest first (participant ids; empty: nobody).
    case activeSpeaker(participants: [String])
    /// To a simulcast publisher: the layers (rids, lowest first) of its
    /// track that some subscriber gets.
    case layersWanted(track: String, rids: [String])
    /// The room's recording started, stopped or failed.
    case recording(RecordingNotice)
}

/// A recording's state change, as participants hear of it.
public struct RecordingNotice: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case started
        case stopped
        case failed
    }

    public var state: State
    public var room: String
    /// The recording's id (its directory name).
    public var id: String
    /// Why it failed.
    public var error: String?

    public init(state: State, room: String, id: String, error: String? = nil) {
        self.state = state
        self.room = room
        self.id = id
        self.error = error
    }
}
