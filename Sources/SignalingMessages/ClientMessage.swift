/// A signaling message from client to server (docs/protocol.md, "Messages").
///
/// To add a message type: a case here, its name in `TypeName`, a branch in
/// `type`, `init(value:)` and `jsonValue`. Everything else (errors, the
/// `request` field, size checks) is shared.
public enum ClientMessage: Sendable, Hashable {
    /// Enter a room; answered by `joined`.
    case join(JoinRequest)
    /// The offer of the publish PC (first or renegotiation); answered by `published`.
    case publish(sdp: String)
    /// The answer to the server's last `offer` for the subscribe PC.
    case answer(sdp: String)
    /// A trickled ICE candidate of either PC.
    case candidate(CandidateMessage)
    /// Leave the room; the server closes the socket.
    case leave
    /// Quality, size or on/off wished for one subscribed track; no answer
    /// (an `error` when the track is not one the client receives).
    case trackSettings(TrackSettings)

    /// The `type` strings of client messages.
    public enum TypeName {
        public static let join = "join"
        public static let publish = "publish"
        public static let answer = "answer"
        public static let candidate = "candidate"
        public static let leave = "leave"
        public static let trackSettings = "track-settings"
        /// Every client message type this module knows.
        public static let all = [join, publish, answer, candidate, leave, trackSettings]
    }

    /// The message's `type` (what an error answering it carries as `request`).
    public var type: String {
        switch self {
        case .join: TypeName.join
        case .publish: TypeName.publish
        case .answer: TypeName.answer
        case .candidate: TypeName.candidate
        case .leave: TypeName.leave
        case .trackSettings: TypeName.trackSettings
        }
    }

    /// Parses and validates one text frame. Errors are `bad-request` and
    /// carry the request type once it is known. The frame size is not
    /// checked here: the server calls `FrameSizeLimit.check` first.
    public init(parsing text: String) throws(SignalingError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses and validates one frame given as UTF-8 bytes.
    public init(parsing bytes: some Collection<UInt8>) throws(SignalingError) {
        try self.init(value: try JSONValue(parsing: bytes))
    }

    /// Reads and validates a message from parsed JSON; unknown fields are ignored.
    public init(value: JSONValue) throws(SignalingError) {
        let (type, members) = try value.messageObject()
        let reader = JSONObjectReader(members, request: type)
        switch type {
        case TypeName.join: self = .join(try JoinRequest(reading: reader))
        // SDP syntax is checked by the server (code `bad-sdp`); here only presence.
        case TypeName.publish: self = .publish(sdp: try reader.nonEmptyString("sdp"))
        case TypeName.answer: self = .answer(sdp: try reader.nonEmptyString("sdp"))
        case TypeName.candidate: self = .candidate(try CandidateMessage(reading: reader))
        case TypeName.leave: self = .leave
        case TypeName.trackSettings: self = .trackSettings(try TrackSettings(reading: reader))
        default: throw .unknownType(type)
        }
    }

    /// The message as a JSON value, `type` included.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue]
        switch self {
        case .join(let request): members = request.jsonMembers
        case .publish(let sdp), .answer(let sdp): members = ["sdp": .string(sdp)]
        case .candidate(let candidate): members = candidate.jsonMembers
        case .leave: members = [:]
        case .trackSettings(let settings): members = settings.jsonMembers
        }
        members["type"] = .string(type)
        return .object(members)
    }

    /// The JSON text frame of this message (`type` first, other keys sorted).
    public func jsonText() -> String {
        jsonValue.jsonText()
    }
}
