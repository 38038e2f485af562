/// The `join` request: the room to enter, the participant's display name,
/// and a token when the server requires one (docs/protocol.md, "Messages").
public struct JoinRequest: Sendable, Hashable {
    /// Room name: 1 to 64 of `[A-Za-z0-9_-]`.
    public var room: String
    /// Display name: 1 to 64 characters, no control characters; need not be unique.
    public var name: String
    /// A JWT (HS256, claims `room`, `name`, `exp`); checked by the server, not here.
    public var token: String?
    /// Set by another node of a cascade opening a relay: its node id (the
    /// token is then a relay token, docs/protocol.md "Cluster").
    public var relay: String?

    public init(room: String, name: String, token: String? = nil, relay: String? = nil) {
        self.room = room
        self.name = name
        self.token = token
        self.relay = relay
    }

    /// The longest room and name, in bytes and in Characters respectively.
    public static let maxRoomLength = 64
    public static let maxNameLength = 64

    /// Whether `room` is 1 to 64 of `[A-Za-z0-9_-]`.
    public static func isValidRoom(_ room: String) -> Bool {
        let bytes = room.utf8
        guard (1...maxRoomLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// Why `name` is not acceptable, or nil when it is: 1 to 64 Characters
    /// (grapheme clusters, so a flag emoji counts once) and no control
    /// characters (category Cc), which would break logs and UIs.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        // Bounded walk: a 64 KiB frame could hold a huge name.
        var count = 0
        for _ in name {
            count += 1
            if count > maxNameLength { return "must be at most \(maxNameLength) characters" }
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        return nil
    }

    /// Throws `bad-request` naming the field when room or name is invalid.
    public func validate() throws(SignalingError) {
        if !Self.isValidRoom(room) {
            throw .invalidValue("room", "must be 1 to 64 of A-Z a-z 0-9 _ -", request: ClientMessage.TypeName.join)
        }
        if let problem = Self.nameProblem(name) {
            throw .invalidValue("name", problem, request: ClientMessage.TypeName.join)
        }
    }
}

extension JoinRequest {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            room: try reader.string("room"), name: try reader.string("name"),
            token: try reader.optionalString("token"), relay: try reader.optionalString("relay"))
        try validate()
    }

    var jsonMembers: [String: JSONValue] {
        var members: [String: JSONValue] = ["room": .string(room), "name": .string(name)]
        if let token { members["token"] = .string(token) }
        if let relay { members["relay"] = .string(relay) }
        return members
    }
}
