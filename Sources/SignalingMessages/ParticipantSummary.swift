/// Another participant as `joined` lists it: `{id, name, tracks}`.
public struct ParticipantSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The tracks that participant publishes now.
    public var tracks: [TrackInfo]

    public init(id: String, name: String, tracks: [TrackInfo] = []) {
        self.id = id
        self.name = name
        self.tracks = tracks
    }
}

extension ParticipantSummary {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            id: try reader.string("id"), name: try reader.string("name"),
            tracks: try reader.objects("tracks") { (reader) throws(SignalingError) in try TrackInfo(reading: reader) })
    }

    var jsonValue: JSONValue {
        .object(["id": .string(id), "name": .string(name), "tracks": .array(tracks.map(\.jsonValue))])
    }
}
