/// A participant: `{id, name}` (docs/protocol.md, "Objects").
public struct ParticipantInfo: Sendable, Hashable {
    /// Opaque, server-generated.
    public var id: String
    /// Display name; need not be unique.
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

extension ParticipantInfo {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(id: try reader.string("id"), name: try reader.string("name"))
    }

    var jsonValue: JSONValue {
        .object(["id": .string(id), "name": .string(name)])
    }
}
