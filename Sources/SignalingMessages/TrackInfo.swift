/// The kind of a track (docs/protocol.md, "Objects": `"audio"` or `"video"`).
public enum TrackKind: String, Sendable, Hashable, CaseIterable {
    case audio
    case video
}

/// A published track: `{id, kind, participant}`, plus `mid` where a message
/// ties the track to an m-line of the PC it is about.
public struct TrackInfo: Sendable, Hashable {
    /// Server-generated, stable for the track's life.
    public var id: String
    public var kind: TrackKind
    /// The publishing participant's id.
    public var participant: String
    /// The m-line of the PC the message is about; omitted from JSON when nil.
    public var mid: String?

    public init(id: String, kind: TrackKind, participant: String, mid: String? = nil) {
        self.id = id
        self.kind = kind
        self.participant = participant
        self.mid = mid
    }
}

extension TrackInfo {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        let kindName = try reader.string("kind")
        guard let kind = TrackKind(rawValue: kindName) else {
            throw reader.invalid("kind", "must be \"audio\" or \"video\"")
        }
        self.init(
            id: try reader.string("id"), kind: kind, participant: try reader.string("participant"),
            mid: try reader.optionalString("mid"))
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "kind": .string(kind.rawValue), "participant": .string(participant),
        ]
        if let mid { members["mid"] = .string(mid) }
        return .object(members)
    }
}
