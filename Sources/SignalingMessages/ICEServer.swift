/// An entry of `joined.iceServers`: `{urls: [string]}` as RTCIceServer takes
/// it. `username` and `credential` are additions for TURN, omitted when nil.
public struct ICEServer: Sendable, Hashable {
    public var urls: [String]
    public var username: String?
    public var credential: String?

    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }
}

extension ICEServer {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            urls: try reader.strings("urls"), username: try reader.optionalString("username"),
            credential: try reader.optionalString("credential"))
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["urls": .array(urls.map(JSONValue.string))]
        if let username { members["username"] = .string(username) }
        if let credential { members["credential"] = .string(credential) }
        return .object(members)
    }
}
