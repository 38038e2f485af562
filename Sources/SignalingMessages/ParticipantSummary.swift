/// Another participant as `joined` lists it: `{id, name, tracks}`.
public struct ParticipantSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The tracks that participant publishes now.
    public var tracks: [TrackInfo]
    /// To a relay only: as `ParticipantInfo.relay`.
    public var relay: String?

    public init(id: String, name: String, tracks: [TrackInfo] = [], relay: String? = nil) {
        self.id = id
        self.name = name
        self.tracks = tracks
        self.relay = relay
    }
}

extension ParticipantSummary {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            id: try reader.string("id"), name: try reader.string("name"),
            tracks: try reader.objects("tracks") { (reader) throws(SignalingError) in try TrackInfo(reading: reader) },
            relay: try reader.optionalString("relay"))
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "tracks": .array(tracks.map(\.jsonValue)),
        ]
        if let relay { members["relay"] = .string(relay) }
        return .object(members)
    }
}
