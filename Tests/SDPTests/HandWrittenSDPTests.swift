import SDP
import Testing

/// Hand-written descriptions for the cases the captured offers do not
/// show: the server's own ICE-lite answer, rejected sections, paused
/// simulcast alternatives, two-byte extension ids, many fmtp parameters.
@Suite("Hand-written SDPs")
struct HandWrittenSDPTests {
    static let fingerprintHex =
        "5A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9"

    /// What the SFU answers to a publish offer (interop-notes.md, "What
    /// browsers expect from an ICE-lite SFU's SDP"), plus a rejected third section.
    static let iceLiteAnswer = """
        v=0\r
        o=- 4611731400430051336 2 IN IP4 127.0.0.1\r
        s=-\r
        t=0 0\r
        a=ice-lite\r
        a=group:BUNDLE 0 1\r
        a=msid-semantic: WMS\r
        m=audio 40000 UDP/TLS/RTP/SAVPF 111\r
        c=IN IP4 127.0.0.1\r
        a=mid:0\r
        a=ice-ufrag:sfu1\r
        a=ice-pwd:0123456789abcdefghijklmn\r
        a=fingerprint:sha-256 \(fingerprintHex)\r
        a=setup:passive\r
        a=recvonly\r
        a=rtcp-mux\r
        a=rtcp-rsize\r
        a=rtpmap:111 opus/48000/2\r
        a=rtcp-fb:111 transport-cc\r
        a=fmtp:111 minptime=10;useinbandfec=1\r
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r
        a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r
        a=end-of-candidates\r
        m=video 40000 UDP/TLS/RTP/SAVPF 96 97\r
        c=IN IP4 127.0.0.1\r
        b=AS:2500\r
        a=mid:1\r
        a=ice-ufrag:sfu1\r
        a=ice-pwd:0123456789abcdefghijklmn\r
        a=fingerprint:sha-256 \(fingerprintHex)\r
        a=setup:passive\r
        a=recvonly\r
        a=rtcp-mux\r
        a=rtcp-rsize\r
        a=rtpmap:96 VP8/90000\r
        a=rtcp-fb:96 nack\r
        a=rtcp-fb:96 nack pli\r
        a=rtcp-fb:96 ccm fir\r
        a=rtpmap:97 rtx/90000\r
        a=fmtp:97 apt=96\r
        a=rid:q recv\r
        a=rid:h recv\r
        a=rid:f recv\r
        a=simulcast:recv q;h;f\r
        a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r
        a=end-of-candidates\r
        m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r
        c=IN IP4 0.0.0.0\r

        """

    @Test func iceLiteAnswerParses() throws {
        let answer = try SessionDescription(parsing: Self.iceLiteAnswer)
        #expect(answer.isICELite)
        #expect(answer.bundleGroup?.mids == ["0", "1"])
        #expect(answer.media.count == 3)
        for media in answer.media.prefix(2) {
            #expect(media.setupRole == .passive)
            #expect(media.iceUfrag == "sfu1" && media.icePwd == "0123456789abcdefghijklmn")
            #expect(media.isRTCPMux && media.isRTCPReducedSize && media.hasEndOfCandidates)
            #expect(media.fingerprints.first?.bytes.first == 0x5A && media.fingerprints.first?.bytes.count == 32)
            #expect(media.candidates.first?.port == 40000)
            #expect(!media.isRejected)
        }
        let rejected = answer.media[2]
        #expect(rejected.port == 0 && rejected.isRejected && rejected.mid == nil)
        #expect(rejected.formats == ["webrtc-datachannel"] && rejected.payloadTypes.isEmpty && rejected.codecs.isEmpty)
        #expect(answer.media[1].bandwidths == [Bandwidth(type: "AS", value: 2500)])
        #expect(answer.media[1].simulcast == Simulcast(receive: [[.init(rid: "q")], [.init(rid: "h")], [.init(rid: "f")]]))
        expectSameLines(answer.serialized(), Self.iceLiteAnswer)
    }

    /// The same answer built from typed values writes the same text.
    @Test func iceLiteAnswerBuiltFromTypedValues() throws {
        let fingerprint = try Fingerprint(parsing: "sha-256 \(Self.fingerprintHex.lowercased())")
        let candidate = ICECandidate(
            foundation: "1", component: 1, transport: "udp", priority: 2_130_706_431,
            address: "127.0.0.1", port: 40000, type: .host)
        func transport(_ media: inout MediaDescription, mid: String) {
            media.append(SDPAttribute(name: "mid", value: mid))
            media.append(SDPAttribute(name: "ice-ufrag", value: "sfu1"))
            media.append(SDPAttribute(name: "ice-pwd", value: "0123456789abcdefghijklmn"))
            media.append(fingerprint)
            media.append(SetupRole.passive)
            media.append(MediaDirection.recvonly.attribute)
            media.setFlag("rtcp-mux", true)
            media.setFlag("rtcp-rsize", true)
        }
        var audio = MediaDescription(media: "audio", port: 40000, connections: [Connection(address: "127.0.0.1")])
        transport(&audio, mid: "0")
        audio.addCodec(Codec(
            payloadType: 111, name: "opus", clockRate: 48000, channels: 2,
            parameters: [.init(name: "minptime", value: "10"), .init(name: "useinbandfec", value: "1")],
            feedback: [RTCPFeedback(payloadType: 111, type: "transport-cc")]))
        audio.append(ExtensionMap(id: 4, uri: "urn:ietf:params:rtp-hdrext:sdes:mid"))
        audio.append(candidate)
        audio.setFlag("end-of-candidates", true)

        var video = MediaDescription(
            media: "video", port: 40000, connections: [Connection(address: "127.0.0.1")],
            bandwidths: [Bandwidth(type: "AS", value: 2500)])
        transport(&video, mid: "1")
        video.addCodec(Codec(payloadType: 96, name: "VP8", clockRate: 90000, feedback: [
            RTCPFeedback(payloadType: 96, type: "nack"), RTCPFeedback(payloadType: 96, type: "nack", subtype: "pli"),
            RTCPFeedback(payloadType: 96, type: "ccm", subtype: "fir"),
        ]))
        video.addCodec(Codec(payloadType: 97, name: "rtx", clockRate: 90000, parameters: [.init(name: "apt", value: "96")]))
        for rid in ["q", "h", "f"] { video.append(RID(id: rid, direction: .recv)) }
        video.append(Simulcast(receive: [[.init(rid: "q")], [.init(rid: "h")], [.init(rid: "f")]]))
        video.append(candidate)
        video.setFlag("end-of-candidates", true)

        let data = MediaDescription(
            media: "application", port: 0, proto: "UDP/DTLS/SCTP", formats: ["webrtc-datachannel"],
            connections: [Connection(address: "0.0.0.0")])

        var answer = SessionDescription(
            origin: Origin(sessionID: "4611731400430051336", sessionVersion: 2), media: [audio, video, data])
        answer.setFlag("ice-lite", true)
        answer.append(MediaGroup(semantics: MediaGroup.bundle, mids: ["0", "1"]))
        answer.append(SDPAttribute(name: "msid-semantic", value: " WMS"))
        expectSameLines(answer.serialized(), Self.iceLiteAnswer)
        #expect(try SessionDescription(parsing: Self.iceLiteAnswer) == answer)
        #expect(answer.media[1].rtxPayloadType(for: 96) == 97)
    }

    @Test func pausedSimulcastAlternatives() throws {
        let simulcast = try Simulcast(parsing: "recv 1,~2;~3 send a;b,c")
        #expect(simulcast.receive == [[.init(rid: "1"), .init(rid: "2", paused: true)], [.init(rid: "3", paused: true)]])
        #expect(simulcast.send == [[.init(rid: "a")], [.init(rid: "b"), .init(rid: "c")]])
        #expect(simulcast.sendRIDs == ["a", "b"])
        // written send first
        #expect(simulcast.attributeValue == "send a;b,c recv 1,~2;~3")
        #expect(try Simulcast(parsing: simulcast.attributeValue[...]) == simulcast)
        #expect(throws: SDPAttributeError.badValue("rid")) { try Simulcast(parsing: "send q;;f") }
        #expect(throws: SDPAttributeError.badValue("rid")) { try Simulcast(parsing: "send ~") }
        #expect(throws: SDPAttributeError.badValue("direction")) { try Simulcast(parsing: "send q send h") }
        #expect(throws: SDPAttributeError.badValue("direction")) { try Simulcast(parsing: "both q") }
        #expect(throws: SDPAttributeError.missingField("direction")) { try Simulcast(parsing: "send") }
    }

    @Test func twoByteExtensionIDs() throws {
        let twoByte = try ExtensionMap(parsing: "15/sendrecv urn:ietf:params:rtp-hdrext:sdes:mid")
        #expect(twoByte.id == 15 && twoByte.needsTwoByteHeader && twoByte.direction == .sendrecv)
        let largest = try ExtensionMap(parsing: "255 urn:example:x attr1 attr2")
        #expect(largest.id == 255 && largest.extensionAttributes == "attr1 attr2")
        #expect(largest.attributeValue == "255 urn:example:x attr1 attr2")
        #expect(try ExtensionMap(parsing: "4096 urn:example:offer").id == 4096)
        #expect(try !ExtensionMap(parsing: "14 urn:example:x").needsTwoByteHeader)
        for bad in ["0 urn:x", "256 urn:x", "4095 urn:x", "4352 urn:x", "-1 urn:x"] {
            #expect(throws: SDPAttributeError.badNumber("id")) { try ExtensionMap(parsing: bad[...]) }
        }
        #expect(throws: SDPAttributeError.badValue("direction")) { try ExtensionMap(parsing: "3/both urn:x") }
        #expect(throws: SDPAttributeError.missingField("uri")) { try ExtensionMap(parsing: "3") }
    }

    @Test func formatParametersWithSeveralParameters() throws {
        let fmtp = try FormatParameters(
            parsing: "102 profile-level-id=42e01f;level-asymmetry-allowed=1; packetization-mode=1;x-google-start-bitrate=800")
        #expect(fmtp.payloadType == 102)
        #expect(fmtp.parameters.map(\.name) == ["profile-level-id", "level-asymmetry-allowed", "packetization-mode", "x-google-start-bitrate"])
        #expect(fmtp.value(of: "packetization-mode") == "1")
        #expect(fmtp.value(of: "PROFILE-LEVEL-ID") == "42e01f")
        // the raw text survives, space included
        #expect(fmtp.attributeValue == "102 profile-level-id=42e01f;level-asymmetry-allowed=1; packetization-mode=1;x-google-start-bitrate=800")
        let events = try FormatParameters(parsing: "101 0-15")
        #expect(events.parameters == [.init(name: "0-15")])
        let red = try FormatParameters(parsing: "63 111/111")
        #expect(red.parameters == [.init(name: "111/111")] && red.associatedPayloadType == nil)
        #expect(try FormatParameters(parsing: "97 apt=96").associatedPayloadType == 96)
        #expect(throws: SDPAttributeError.badNumber("payload type")) { try FormatParameters(parsing: "128 apt=96") }
    }

    @Test func candidatesWithRelatedAddressAndExtensions() throws {
        let text = "842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx raddr 127.0.0.2 rport 40000 generation 0 ufrag EsAw network-id 3 network-cost 10"
        let candidate = try ICECandidate(parsing: text[...])
        #expect(candidate.type == .serverReflexive && candidate.relatedAddress == "127.0.0.2" && candidate.relatedPort == 40000)
        #expect(candidate.ufrag == "EsAw" && candidate.networkID == 3 && candidate.networkCost == 10 && candidate.generation == 0)
        #expect(candidate.attributeValue == text)
        let signaled = try ICECandidate(parsing: "candidate:1 1 TCP 1518280447 127.0.0.1 9 typ host tcptype active")
        #expect(signaled.tcpType == "active" && signaled.transport == "TCP" && signaled.extensions.isEmpty)
        #expect(signaled.signalingText == "candidate:1 1 TCP 1518280447 127.0.0.1 9 typ host tcptype active")
        #expect(try ICECandidate(parsing: "a 1 udp 1 x.local 1 typ relay").type == .relayed)
        #expect(throws: SDPAttributeError.badValue("typ")) { try ICECandidate(parsing: "1 1 udp 1 127.0.0.1 1 type host") }
        #expect(throws: SDPAttributeError.missingField("extension value")) { try ICECandidate(parsing: "1 1 udp 1 127.0.0.1 1 typ host generation") }
        #expect(throws: SDPAttributeError.badNumber("priority")) { try ICECandidate(parsing: "1 1 udp 4294967296 127.0.0.1 1 typ host") }
        #expect(throws: SDPAttributeError.badNumber("component")) { try ICECandidate(parsing: "1 0 udp 1 127.0.0.1 1 typ host") }
        #expect(throws: SDPAttributeError.missingField("candidate type")) { try ICECandidate(parsing: "1 1 udp 1 127.0.0.1 1") }
    }

    @Test func fingerprintsAndSmallAttributes() throws {
        let fingerprint = try Fingerprint(parsing: "SHA-1 0a:FF:10")
        #expect(fingerprint.bytes == [0x0A, 0xFF, 0x10] && fingerprint.attributeValue == "SHA-1 0A:FF:10")
        for bad in ["sha-256 0A:F", "sha-256 0A::FF", "sha-256 0G", "sha-256", "sha-256 0A FF"] {
            #expect(throws: SDPAttributeError.self) { try Fingerprint(parsing: bad[...]) }
        }
        #expect(try RTPMap(parsing: "9 G722/8000/1") == RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000, channels: 1))
        #expect(throws: SDPAttributeError.badNumber("clock rate")) { try RTPMap(parsing: "96 VP8/abc") }
        #expect(try RTCPFeedback(parsing: "* ccm tmmbr smaxpr=120") == RTCPFeedback(formats: .all, type: "ccm", subtype: "tmmbr smaxpr=120"))
        #expect(try SSRCAttribute(parsing: "1 msid:stream track") == SSRCAttribute(ssrc: 1, name: "msid", value: "stream track"))
        #expect(try SSRCGroup(parsing: "SIM 1 2 3").semantics == .sim)
        #expect(try SSRCGroup(parsing: "FEC-FR 1 2").semantics == .other("FEC-FR"))
        #expect(throws: SDPAttributeError.badNumber("ssrc")) { try SSRCGroup(parsing: "FID 1 4294967296") }
        let rid = try RID(parsing: "hi send pt=96,97;max-width=1280;max-height=720")
        #expect(rid.payloadTypes == [96, 97] && rid.maxWidth == 1280 && rid.maxHeight == 720)
        #expect(rid.attributeValue == "hi send pt=96,97;max-width=1280;max-height=720")
        #expect(throws: SDPAttributeError.badValue("direction")) { try RID(parsing: "q sendrecv") }
        #expect(throws: SDPAttributeError.badNumber("payload type")) { try RID(parsing: "q send pt=x") }
        #expect(try RTCPAttribute(parsing: "9 IN IP4 0.0.0.0") == RTCPAttribute(port: 9, connection: Connection(address: "0.0.0.0")))
        #expect(try MediaStreamID(parsing: "- track") == MediaStreamID(streamID: "-", trackID: "track"))
        #expect(throws: SDPAttributeError.badValue("setup role")) { try SetupRole(parsing: "client") }
        #expect(MediaDirection.sendonly.reversed == .recvonly && MediaDirection.inactive.reversed == .inactive)
    }

    @Test func directionAndFlagsEditing() throws {
        var media = MediaDescription(media: "audio", attributes: [
            SDPAttribute(name: "mid", value: "0"), SDPAttribute(name: "sendrecv"), SDPAttribute(name: "rtcp-mux"),
        ])
        media.setDirection(.inactive)
        #expect(media.attributes.map(\.name) == ["mid", "inactive", "rtcp-mux"])
        media.setFlag("rtcp-mux", false)
        media.replaceAttributes(with: SDPAttribute(name: "mid", value: "7"))
        #expect(media.attributes == [SDPAttribute(name: "mid", value: "7"), SDPAttribute(name: "inactive")])
        let session = SessionDescription(origin: Origin(sessionID: "1", sessionVersion: 1), attributes: [SDPAttribute(name: "sendonly")], media: [MediaDescription(media: "video")])
        #expect(session.direction(of: session.media[0]) == .sendonly)
    }
}
