/// The body of a `recording` event: the room's recording started, stopped
/// or failed. `{state, room, id, error?}`.
public struct RecordingStatus: Sendable, Hashable {
    /// What happened. A struct rather than an enum so that states added
    /// later still parse.
    public struct State: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The room is being recorded (also sent to each participant who joins meanwhile).
        public static let started = State(rawValue: "started")
        /// The recording ended; its files are complete.
        public static let stopped = State(rawValue: "stopped")
        /// Writing failed (`error` says why); the room carries on unrecorded.
        public static let failed = State(rawValue: "failed")
    }

    public var state: State
    public var room: String
    /// The recording's id (its directory name).
    public var id: String
    /// Why it failed; omitted when nil.
    public var error: String?

    public init(state: State, room: String, id: String, error: String? = nil) {
        self.state = state
        self.room = room
        self.id = id
        self.error = error
    }
}

extension RecordingStatus {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            state: State(rawValue: try reader.string("state")), room: try reader.string("room"),
            id: try reader.string("id"), error: try reader.optionalString("error"))
    }

    var jsonMembers: [String: JSONValue] {
        var members: [String: JSONValue] = ["state": .string(state.rawValue), "room": .string(room), "id": .string(id)]
        if let error { members["error"] = .string(error) }
        return members
    }
}
