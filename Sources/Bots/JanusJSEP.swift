import SignalingMessages

/// An SDP offer or answer as Janus carries it next to a plugin message.
struct JanusJSEP: Sendable, Hashable {
    var type: String
    var sdp: String

    static func offer(_ sdp: String) -> JanusJSEP { JanusJSEP(type: "offer", sdp: sdp) }
    static func answer(_ sdp: String) -> JanusJSEP { JanusJSEP(type: "answer", sdp: sdp) }

    init(type: String, sdp: String) {
        self.type = type
        self.sdp = sdp
    }

    init?(_ value: JSONValue?) {
        guard let value, let type = value["type"]?.stringValue, let sdp = value["sdp"]?.stringValue else { return nil }
        self.init(type: type, sdp: sdp)
    }

    var jsonValue: JSONValue { .object(["type": .string(type), "sdp": .string(sdp)]) }
}
