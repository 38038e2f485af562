/// A signaling message from server to client (docs/protocol.md, "Messages").
/// The server encodes these; bots and tests, as clients, parse them.
///
/// To add a message type: a case here, its name in `TypeName`, a branch in
/// `type`, `init(value:)` and `jsonValue`.
public enum ServerMessage: Sendable, Hashable {
    /// Answer to `join`: you, the others with their tracks, and ICE servers.
    case joined(participant: ParticipantInfo, participants: [ParticipantSummary], iceServers: [ICEServer])
    /// Answer to `publish`: the SDP answer and your tracks with publish-PC mids.
    case published(sdp: String, tracks: [TrackInfo])
    /// An offer for the subscribe PC, with the forwarded tracks and their mids.
    case offer(sdp: String, tracks: [TrackInfo])
    /// Someone entered the room.
    case participantJoined(ParticipantInfo)
    /// Someone left the room, or disconnected.
    case participantLeft(ParticipantInfo)
    /// A participant's set of published tracks changed; these are all of them now.
    case tracks(participant: String, tracks: [TrackInfo])
    /// A request failed.
    case error(ErrorReport)
    /// The room's recording started, stopped or failed.
    case recording(RecordingStatus)
    /// A subscribed video track stopped: nothing fits the subscriber's
    /// bandwidth (`track` is the track id).
    case trackPaused(track: String)
    /// A paused track is forwarded again.
    case trackResumed(track: String)
    /// Who is speaking, loudest first (participant ids; empty: nobody).
    case activeSpeaker(participants: [String])
    /// To a publisher: the simulcast layers (rids, lowest first) of its
    /// track that some subscriber gets; it may stop encoding the others.
    case layersWanted(track: String, rids: [String])
    /// The room lives on another node of the cluster: join again at `url`
    /// (a ws(s):// signaling URL). The server closes the socket after it.
    case redirect(url: String)

    /// The `type` strings of server messages.
    public enum TypeName {
        public static let joined = "joined"
        public static let published = "published"
        public static let offer = "offer"
        public static let participantJoined = "participant-joined"
        public static let participantLeft = "participant-left"
        public static let tracks = "tracks"
        public static let error = "error"
        public static let recording = "recording"
        public static let trackPaused = "track-paused"
        public static let trackResumed = "track-resumed"
        public static let activeSpeaker = "active-speaker"
        public static let layersWanted = "layers-wanted"
        public static let redirect = "redirect"
        /// Every server message type this module knows.
        public static let all = [
            joined, published, offer, participantJoined, participantLeft, tracks, error, trackPaused, trackResumed,
            activeSpeaker, layersWanted, recording, redirect,
        ]
    }

    /// The `error` message for a thrown error.
    public static func error(_ error: SignalingError) -> ServerMessage {
        .error(ErrorReport(error))
    }

    /// The message's `type`.
    public var type: String {
        switch self {
        case .joined: TypeName.joined
        case .published: TypeName.published
        case .offer: TypeName.offer
        case .participantJoined: TypeName.participantJoined
        case .participantLeft: TypeName.participantLeft
        case .tracks: TypeName.tracks
        case .error: TypeName.error
        case .recording: TypeName.recording
        case .trackPaused: TypeName.trackPaused
        case .trackResumed: TypeName.trackResumed
        case .activeSpeaker: TypeName.activeSpeaker
        case .layersWanted: TypeName.layersWanted
        case .redirect: TypeName.redirect
        }
    }

    /// The message as a JSON value, `type` included.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue]
        switch self {
        case .joined(let participant, let participants, let iceServers):
            members = [
                "participant": participant.jsonValue,
                "participants": .array(participants.map(\.jsonValue)),
                "iceServers": .array(iceServers.map(\.jsonValue)),
            ]
        case .published(let sdp, let tracks), .offer(let sdp, let tracks):
            members = ["sdp": .string(sdp), "tracks": .array(tracks.map(\.jsonValue))]
        case .participantJoined(let participant), .participantLeft(let participant):
            members = ["participant": participant.jsonValue]
        case .tracks(let participant, let tracks):
            members = ["participant": .string(participant), "tracks": .array(tracks.map(\.jsonValue))]
        case .error(let report):
            members = report.jsonMembers
        case .recording(let status):
            members = status.jsonMembers
        case .trackPaused(let track), .trackResumed(let track):
            members = ["track": .string(track)]
        case .activeSpeaker(let participants):
            members = ["participants": .array(participants.map { .string($0) })]
        case .layersWanted(let track, let rids):
            members = ["track": .string(track), "rids": .array(rids.map { .string($0) })]
        case .redirect(let url):
            members = ["url": .string(url)]
        }
        members["type"] = .string(type)
        return .object(members)
    }

    /// The JSON text frame of this message (`type` first, other keys sorted).
    public func jsonText() -> String {
        jsonValue.jsonText()
    }
}
