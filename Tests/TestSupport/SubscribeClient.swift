import SDP

/// A hand-built subscribing client: answers the server's offer the way a
/// browser does (same m-lines, recvonly, setup active, its own credentials,
/// our codecs and extension ids kept).
public struct SubscribeClient {
    public var ufrag = "cliU"
    public var password = "clientpassword0123456789"
    public var fingerprint = Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))
    public var setup = SetupRole.active
    /// Drops the RTX formats from the answer.
    public var dropRTX = false

    public init() {}

    public func answer(_ offer: SessionDescription) -> SessionDescription {
        var answer = SessionDescription(origin: Origin(sessionID: "99", sessionVersion: offer.origin.sessionVersion))
        if let bundle = offer.bundleGroup { answer.append(bundle) }
        for offered in offer.media {
            var section = MediaDescription(
                media: offered.media, port: offered.port, proto: offered.proto, formats: [],
                connections: offered.connections)
            if offered.port == 0 {
                section.formats = offered.formats
                section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
                answer.media.append(section)
                continue
            }
            section.append(SDPAttribute(name: "ice-ufrag", value: ufrag))
            section.append(SDPAttribute(name: "ice-pwd", value: password))
            section.append(fingerprint)
            section.append(setup)
            section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
            for map in offered.extensionMaps { section.append(map) }
            section.setDirection((offered.direction ?? .sendrecv).reversed)
            section.append(SDPAttribute(name: "rtcp-mux"))
            section.append(SDPAttribute(name: "rtcp-rsize"))
            for codec in offered.codecs where !(dropRTX && codec.isRTX) { section.addCodec(codec) }
            answer.media.append(section)
        }
        return answer
    }
}
