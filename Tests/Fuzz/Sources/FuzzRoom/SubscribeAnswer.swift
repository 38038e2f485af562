import SDP

/// A subscribing browser's answer to the room's offer: the same m-lines,
/// recvonly, setup active, its own credentials, the offered codecs and
/// extension ids kept. (Tests/TestSupport's `SubscribeClient`, which this
/// package cannot import.) `dropRTX` answers without the RTX formats.
enum SubscribeAnswer {
    static let fingerprint = Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))

    static func answer(_ offer: SessionDescription, dropRTX: Bool) -> SessionDescription {
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
            section.append(SDPAttribute(name: "ice-ufrag", value: "cliU"))
            section.append(SDPAttribute(name: "ice-pwd", value: "clientpassword0123456789"))
            section.append(fingerprint)
            section.append(SetupRole.active)
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
