import SDP

/// Answers the server's subscribe offers as a browser does (RFC 8829
/// §5.3.1): the same m-lines in order, `recvonly` where the server sends,
/// the bot's ICE credentials and fingerprint, `setup:active` (the bot is the
/// DTLS client), rtcp-mux, and every offered codec and extension kept.
struct SubscribeAnswerBuilder {
    var ufrag: String
    var password: String
    var fingerprint: Fingerprint

    func answer(_ offer: SessionDescription, sessionID: UInt64) -> SessionDescription {
        var answer = SessionDescription(
            origin: Origin(sessionID: String(sessionID), sessionVersion: offer.origin.sessionVersion))
        if let bundle = offer.bundleGroup { answer.append(bundle) }
        for offered in offer.media {
            var section = MediaDescription(
                media: offered.media, port: offered.port, proto: offered.proto, formats: [],
                connections: offered.connections)
            guard !offered.isRejected else {
                section.formats = offered.formats
                section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
                answer.media.append(section)
                continue
            }
            section.append(SDPAttribute(name: "ice-ufrag", value: ufrag))
            section.append(SDPAttribute(name: "ice-pwd", value: password))
            section.append(fingerprint)
            section.append(SetupRole.active)
            section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
            for map in offered.extensionMaps { section.append(map) }
            section.setDirection(offer.direction(of: offered).reversed)
            section.append(SDPAttribute(name: "rtcp-mux"))
            if offered.isRTCPReducedSize { section.append(SDPAttribute(name: "rtcp-rsize")) }
            for codec in offered.codecs { section.addCodec(codec) }
            answer.media.append(section)
        }
        return answer
    }
}
