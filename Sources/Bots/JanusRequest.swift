import SignalingMessages

/// One request to Janus's core API over its WebSocket transport, in the
/// shapes janus.js sends: every request names itself in `janus` and carries
/// a `transaction` that the answer (`success`, `error` or `ack`, then an
/// `event`) echoes.
struct JanusRequest: Sendable, Hashable {
    enum Verb: String, Sendable {
        case create, attach, message, trickle, keepalive, destroy
    }

    var verb: Verb
    var transaction: String
    var sessionID: Int?
    var handleID: Int?
    /// `attach`: the plugin's package name.
    var plugin: String?
    /// `message`: the plugin request.
    var body: JSONValue?
    /// `message`: an offer or answer going with the body.
    var jsep: JanusJSEP?
    /// `trickle`: a candidate, or `{"completed": true}`.
    var candidate: JSONValue?

    static let videoRoomPlugin = "janus.plugin.videoroom"

    static func createSession(transaction: String) -> JanusRequest {
        JanusRequest(verb: .create, transaction: transaction)
    }

    static func attach(session: Int, plugin: String = videoRoomPlugin, transaction: String) -> JanusRequest {
        JanusRequest(verb: .attach, transaction: transaction, sessionID: session, plugin: plugin)
    }

    static func message(
        session: Int, handle: Int, body: VideoRoomRequest, jsep: JanusJSEP? = nil, transaction: String
    ) -> JanusRequest {
        JanusRequest(
            verb: .message, transaction: transaction, sessionID: session, handleID: handle, body: body.jsonValue, jsep: jsep)
    }

    /// Janus drops sessions that say nothing for `session_timeout` (60 s).
    static func keepalive(session: Int, transaction: String) -> JanusRequest {
        JanusRequest(verb: .keepalive, transaction: transaction, sessionID: session)
    }

    /// Tells Janus the bot has no more candidates to trickle.
    static func endOfCandidates(session: Int, handle: Int, transaction: String) -> JanusRequest {
        JanusRequest(
            verb: .trickle, transaction: transaction, sessionID: session, handleID: handle,
            candidate: .object(["completed": .bool(true)]))
    }

    /// Ends the session: Janus detaches every handle and hangs up its PCs.
    static func destroy(session: Int, transaction: String) -> JanusRequest {
        JanusRequest(verb: .destroy, transaction: transaction, sessionID: session)
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["janus": .string(verb.rawValue), "transaction": .string(transaction)]
        if let sessionID { members["session_id"] = .integer(sessionID) }
        if let handleID { members["handle_id"] = .integer(handleID) }
        if let plugin { members["plugin"] = .string(plugin) }
        if let body { members["body"] = body }
        if let jsep { members["jsep"] = jsep.jsonValue }
        if let candidate { members["candidate"] = candidate }
        return .object(members)
    }

    func jsonText() -> String { jsonValue.jsonText() }
}
