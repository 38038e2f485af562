/// A participant: `{id, name}` (docs/protocol.md, "Objects").
public struct ParticipantInfo: Sendable, Hashable {
    /// Opaque, server-generated.
    public var id: String
    /// Display name; need not be unique.
    public var name: String
    /// To a relay only (cascade): the node this participant came in from
    /// by another relay; absent for the node's own clients.
    public var relay: String?

    public init(id: String, name: String, relay: String? = nil) {
        self.id = id
        self.name = name
        self.relay = relay
    }
}

extension ParticipantInfo {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(id: try reader.string("id"), name: try reader.string("name"), relay: try reader.optionalString("relay"))
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["id": .string(id), "name": .string(name)]
        if let relay { members["relay"] = .string(relay) }
        return .object(members)
    }
}
