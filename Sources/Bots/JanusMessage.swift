import SignalingMessages

/// One message from Janus: a reply to a request (`success`, `error`,
/// `ack`), a plugin `event` (VideoRoom data, maybe with a JSEP), or a
/// notice about a handle's PC (`trickle`, `webrtcup`, `media`, `hangup`,
/// `slowlink`). Read leniently: fields the bots do not use are ignored.
struct JanusMessage: Sendable, Hashable {
    /// Why a text frame is not a Janus message.
    enum ParseError: Error, Sendable, Hashable {
        case notJSON
        /// Not an object with a string `janus` field.
        case notJanus
    }

    var janus: String
    var transaction: String?
    var sessionID: Int?
    /// The handle a plugin event or PC notice is about.
    var sender: Int?
    /// `success` to `create` and `attach`: the new session or handle id.
    var createdID: Int?
    /// `error`: Janus's code and reason (e.g. 458 no such session).
    var errorCode: Int?
    var errorReason: String?
    /// The VideoRoom plugin's data of a `success` or `event`.
    var videoRoom: VideoRoomEvent?
    var jsep: JanusJSEP?
    /// `trickle`: one candidate line (nil for end-of-candidates).
    var candidate: String?

    init(janus: String, transaction: String? = nil, sessionID: Int? = nil, sender: Int? = nil) {
        self.janus = janus
        self.transaction = transaction
        self.sessionID = sessionID
        self.sender = sender
    }

    init(parsing text: String) throws(ParseError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(text.utf8))
        } catch {
            throw .notJSON
        }
        guard let janus = value["janus"]?.stringValue else { throw .notJanus }
        self.init(
            janus: janus, transaction: value["transaction"]?.stringValue, sessionID: value["session_id"]?.integerValue,
            sender: value["sender"]?.integerValue)
        createdID = value["data"]?["id"]?.integerValue
        errorCode = value["error"]?["code"]?.integerValue
        errorReason = value["error"]?["reason"]?.stringValue
        if let data = value["plugindata"]?["data"] { videoRoom = VideoRoomEvent(data) }
        jsep = JanusJSEP(value["jsep"])
        candidate = value["candidate"]?["candidate"]?.stringValue
    }
}
