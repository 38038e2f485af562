import SDP
import Testing
import TestSupport

/// Random but valid sessions built from typed values, for round-trip tests.
struct SessionGenerator {
    var random: SeededRandom

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }
    mutating func u32() -> UInt32 { UInt32.random(in: 0 ... .max, using: &random) }

    /// 1...12 characters from `alphabet`.
    mutating func word(_ alphabet: String = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") -> String {
        let characters = Array(alphabet)
        return String((0..<int(1...12)).map { _ in characters[int(0...(characters.count - 1))] })
    }

    /// Free text: visible ASCII, spaces, a few non-ASCII letters; no CR, LF or NUL.
    mutating func text() -> String {
        let characters = Array(" !\"#$%&'()*+,-./0123456789:;<=>?@AZaz[]^_{|}~\u{e9}\u{4e2d}\u{1F600}")
        return String((0..<int(0...30)).map { _ in characters[int(0...(characters.count - 1))] })
    }

    mutating func session() -> SessionDescription {
        var session = SessionDescription(
            origin: Origin(
                username: bool() ? "-" : word(), sessionID: String(UInt64.random(in: 0 ... .max, using: &random)),
                sessionVersion: UInt64(int(0...1_000_000)), address: bool() ? "127.0.0.1" : "0.0.0.0"),
            sessionName: bool() ? "-" : text())
        if bool() { session.information = text() }
        if int(0...3) == 0 { session.uri = "http://" + word() }
        if int(0...3) == 0 { session.emails = [word() + "@example.org"] }
        if int(0...3) == 0 { session.phones = ["+1 617 555-6011"] }
        if bool() { session.connection = Connection(address: "127.0.0.1") }
        if bool() { session.bandwidths = [Bandwidth(type: bool() ? "AS" : "TIAS", value: UInt64(int(0...10_000_000)))] }
        session.timings = (0..<int(1...2)).map { _ in Timing(start: UInt64(int(0...9999)), stop: 0, repeats: bool() ? ["7d 1h 0 25h"] : []) }
        if int(0...5) == 0 { session.timeZones = "2882844526 -1h" }
        if int(0...5) == 0 { session.encryptionKey = "prompt" }
        let count = int(0...4)
        let mids = (0..<count).map { String($0) }
        if bool() { session.setFlag("ice-lite", true) }
        if !mids.isEmpty { session.append(MediaGroup(semantics: MediaGroup.bundle, mids: mids)) }
        if bool() { session.append(fingerprint()) }
        if bool() { session.append(SDPAttribute(name: "x-" + word(), value: bool() ? text() : nil)) }
        if bool() { session.append(MediaDirection.allCases[int(0...3)].attribute) }
        session.media = mids.map { media(mid: $0) }
        return session
    }

    mutating func fingerprint() -> Fingerprint {
        Fingerprint(hashFunction: ["sha-256", "sha-1", "SHA-512"][int(0...2)], bytes: random.bytes(int(1...64)))
    }

    mutating func media(mid: String) -> MediaDescription {
        let isData = int(0...4) == 0
        var media = MediaDescription(
            media: isData ? "application" : ["audio", "video"][int(0...1)],
            port: UInt16(int(0...65535)), portCount: int(0...6) == 0 ? UInt16(int(1...4)) : nil,
            proto: isData ? "UDP/DTLS/SCTP" : "UDP/TLS/RTP/SAVPF",
            formats: isData ? ["webrtc-datachannel"] : [])
        if int(0...4) == 0 { media.information = text() }
        if bool() { media.connections = [Connection(address: "0.0.0.0")] }
        if int(0...3) == 0 { media.bandwidths = [Bandwidth(type: "AS", value: UInt64(int(0...5000)))] }
        media.append(SDPAttribute(name: "mid", value: mid))
        media.append(SDPAttribute(name: "ice-ufrag", value: word()))
        media.append(SDPAttribute(name: "ice-pwd", value: word() + word()))
        if bool() { media.append(SDPAttribute(name: "ice-options", value: "trickle")) }
        media.append(fingerprint())
        media.append(SetupRole.allCases[int(0...3)])
        media.append(MediaDirection.allCases[int(0...3)].attribute)
        media.setFlag("rtcp-mux", bool())
        media.setFlag("rtcp-rsize", bool())
        if bool() { media.append(RTCPAttribute(port: 9, connection: bool() ? Connection(address: "0.0.0.0") : nil)) }
        if isData {
            media.append(SDPAttribute(name: "sctp-port", value: String(int(0...65535))))
            media.append(SDPAttribute(name: "max-message-size", value: String(int(0...262_144))))
        } else {
            rtp(into: &media)
        }
        for _ in 0..<int(0...3) { media.append(candidate()) }
        if bool() { media.setFlag("end-of-candidates", true) }
        if bool() { media.append(SDPAttribute(name: "x-" + word(), value: bool() ? text() : nil)) }
        return media
    }

    mutating func rtp(into media: inout MediaDescription) {
        var payloadType = UInt8(int(0...20)) + 96
        for _ in 0..<int(1...4) {
            guard payloadType < 126 else { break }
            let parameters = (0..<int(0...4)).map { _ in
                FormatParameters.Parameter(name: word(), value: bool() ? word("0123456789abcdef,/.-") : nil)
            }
            let feedback = (0..<int(0...3)).map { _ in
                RTCPFeedback(payloadType: payloadType, type: ["nack", "ccm", "goog-remb", "transport-cc"][int(0...3)],
                             subtype: bool() ? (bool() ? "pli" : "tmmbr smaxpr=120") : nil)
            }
            media.addCodec(Codec(
                payloadType: payloadType, name: word(), clockRate: [8000, 48000, 90000][int(0...2)],
                channels: bool() ? UInt16(int(1...8)) : nil, parameters: parameters, feedback: feedback))
            if bool() {
                media.addCodec(Codec(payloadType: payloadType + 1, name: "rtx", clockRate: 90000,
                                     parameters: [.init(name: "apt", value: String(payloadType))]))
            }
            payloadType += 2
        }
        if bool() { media.append(RTCPFeedback(formats: .all, type: "nack")) }
        for id in 1...UInt16(int(1...4)) {
            media.append(ExtensionMap(
                id: bool() ? id : id + 14, direction: bool() ? MediaDirection.allCases[int(0...3)] : nil,
                uri: "urn:ietf:params:rtp-hdrext:" + word(), extensionAttributes: int(0...4) == 0 ? word() : nil))
        }
        if bool() { media.setFlag("extmap-allow-mixed", true) }
        if bool() { media.append(MediaStreamID(streamID: bool() ? "-" : "{" + word() + "}", trackID: bool() ? word() : nil)) }
        let ssrcs = (0..<int(0...3)).map { _ in u32() }
        for ssrc in ssrcs {
            media.append(SSRCAttribute(ssrc: ssrc, name: "cname", value: word()))
            if bool() { media.append(SSRCAttribute(ssrc: ssrc, name: "msid", value: word() + " " + word())) }
        }
        if ssrcs.count >= 2 { media.append(SSRCGroup(semantics: [.fid, .sim, .other("FEC-FR")][int(0...2)], ssrcs: ssrcs)) }
        if bool() {
            let rids = (0..<int(1...3)).map { _ in word() }
            let direction: RID.Direction = bool() ? .send : .recv
            for rid in rids {
                let restrictions: [RID.Restriction] = bool() ? [] : [
                    .init(name: "pt", value: String(media.payloadTypes.first ?? 96)),
                    .init(name: "max-width", value: String(int(1...1920))),
                ]
                media.append(RID(id: rid, direction: direction, restrictions: restrictions))
            }
            let streams = rids.map { [Simulcast.Alternative(rid: $0, paused: int(0...3) == 0)] }
            media.append(direction == .send ? Simulcast(send: streams) : Simulcast(receive: streams))
        }
    }

    mutating func candidate() -> ICECandidate {
        let related = int(0...2) == 0
        let tcp = bool()
        var extensions: [ICECandidate.Extension] = []
        if bool() { extensions.append(.init(name: "generation", value: String(int(0...9)))) }
        if bool() { extensions.append(.init(name: "ufrag", value: word())) }
        if bool() { extensions.append(.init(name: "network-id", value: String(int(1...9)))) }
        if bool() { extensions.append(.init(name: "network-cost", value: String(int(0...999)))) }
        return ICECandidate(
            foundation: word(), component: UInt16(int(1...2)), transport: tcp ? "tcp" : "udp", priority: u32(),
            address: bool() ? "127.0.0.1" : word() + ".local", port: UInt16(int(0...65535)),
            type: [.host, .serverReflexive, .peerReflexive, .relayed][int(0...3)],
            relatedAddress: related ? "127.0.0.1" : nil, relatedPort: related ? UInt16(int(0...65535)) : nil,
            tcpType: tcp ? ["active", "passive", "so"][int(0...2)] : nil, extensions: extensions)
    }

    /// For an attribute of a known kind: the typed value parses from the
    /// raw text and writes exactly that text back.
    func checkTyped(_ attribute: SDPAttribute) throws {
        func check<Value: SDPAttributeValue>(_ type: Value.Type) throws {
            let value = try #require(try attribute.parsed(as: type))
            #expect(value.attributeValue == attribute.value, "a=\(attribute.lineText)")
            #expect(try Value(parsing: value.attributeValue[...]) == value)
        }
        switch attribute.name {
        case "fingerprint": try check(Fingerprint.self)
        case "setup": try check(SetupRole.self)
        case "rtpmap": try check(RTPMap.self)
        case "fmtp": try check(FormatParameters.self)
        case "rtcp-fb": try check(RTCPFeedback.self)
        case "extmap": try check(ExtensionMap.self)
        case "msid": try check(MediaStreamID.self)
        case "ssrc": try check(SSRCAttribute.self)
        case "ssrc-group": try check(SSRCGroup.self)
        case "rid": try check(RID.self)
        case "simulcast": try check(Simulcast.self)
        case "candidate": try check(ICECandidate.self)
        case "rtcp": try check(RTCPAttribute.self)
        default: break
        }
    }
}
