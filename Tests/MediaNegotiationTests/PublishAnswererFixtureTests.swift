import MediaNegotiation
import SDP
import Testing

/// Answers to the real captured offers: structure checks common to all,
/// then what each fixture should yield.
@Suite struct PublishAnswererFixtureTests {
    static let supportedNames: Set<String> = ["opus", "red", "vp8", "vp9", "h264", "rtx"]

    func answer(_ fixture: OfferFixture, preferences: CodecPreferences = CodecPreferences()) throws -> (
        SessionDescription, PublishAnswer
    ) {
        let offer = try fixture.description
        var answerer = PublishAnswerer(preferences: preferences, sessionID: 42)
        return (offer, try answerer.answer(offer, transport: TestServer.transport))
    }

    @Test(arguments: OfferFixture.publishOffers)
    func answerIsWellFormed(fixture: OfferFixture) throws {
        let (offer, result) = try answer(fixture)
        let answer = result.description
        // it parses back to the same value
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)
        #expect(answer.isICELite)
        #expect(answer.origin.sessionID == "42")
        #expect(answer.timings == [Timing()])

        // same m-lines, same order, same mids
        #expect(answer.media.count == offer.media.count)
        #expect(answer.media.map(\.media) == offer.media.map(\.media))
        #expect(answer.media.map(\.mid) == offer.media.map(\.mid))
        let accepted = answer.media.filter { $0.port != 0 }
        #expect(accepted.count == 2)
        #expect(answer.bundleGroup?.mids == accepted.compactMap(\.mid))

        for (index, section) in answer.media.enumerated() where section.port != 0 {
            let offered = offer.media[index]
            #expect(section.port == 9)
            #expect(section.setupRole == .passive)
            #expect(section.fingerprints == [TestServer.fingerprint])
            #expect(section.iceUfrag == "srvU")
            #expect(section.icePwd == TestServer.transport.icePassword)
            #expect(section.candidates.count == 1)
            #expect(section.candidates.first?.address == "127.0.0.1")
            #expect(section.candidates.first?.port == 40_123)
            #expect(section.candidates.first?.type == .host)
            #expect(section.hasEndOfCandidates)
            #expect(section.isRTCPMux)
            #expect(section.isRTCPReducedSize == offered.isRTCPReducedSize)
            #expect(section.direction == .recvonly)

            // only supported codecs, with the offer's payload types and fmtp
            #expect(!section.codecs.isEmpty)
            for codec in section.codecs {
                #expect(Self.supportedNames.contains(codec.name.lowercased()))
                let original = try #require(offered.codec(payloadType: codec.payloadType))
                #expect(original.name == codec.name)
                #expect(original.clockRate == codec.clockRate)
                #expect(original.parameterText == codec.parameterText)
                for feedback in codec.feedback { #expect(original.feedback.contains { $0.type == feedback.type && $0.subtype == feedback.subtype }) }
            }
            // every rtx repairs an answered codec, as in the offer
            for (rtx, primary) in section.rtxAssociations {
                #expect(section.codec(payloadType: primary) != nil)
                #expect(offered.rtxAssociations[rtx] == primary)
            }
            // extension ids as offered, limited to the accepted URIs
            #expect(!section.extensionMaps.isEmpty)
            for map in section.extensionMaps {
                #expect(HeaderExtensionURI.accepted.contains(map.uri))
                #expect(offered.extensionMaps.contains { $0.id == map.id && $0.uri == map.uri })
            }
        }
        for section in answer.media where section.port == 0 {
            #expect(section.attributes == [SDPAttribute(name: "mid", value: section.mid ?? "")])
        }
        #expect(result.localSetupRole == .passive)
        #expect(result.remoteTransport.setupRole == .actpass)
        #expect(result.media.count == 2)
        #expect(result.media.allSatisfy { $0.isActive })
    }

    @Test(arguments: [OfferFixture.chromiumSimulcast, .firefoxSimulcast])
    func simulcastIsReceived(fixture: OfferFixture) throws {
        let (_, result) = try answer(fixture)
        let video = try #require(result.description.media(withMID: "1"))
        #expect(video.rids == ["q", "h", "f"].map { RID(id: $0, direction: .recv) })
        #expect(video.simulcast == Simulcast(receive: [[.init(rid: "q")], [.init(rid: "h")], [.init(rid: "f")]]))
        #expect(video.firstValue(of: "simulcast") == "recv q;h;f")
        let published = try #require(result.media(withMID: "1"))
        #expect(published.rids == ["q", "h", "f"])
        #expect(published.ssrc == nil)
        #expect(published.rtxSSRC == nil)
        #expect(published.extensions[HeaderExtensionURI.rid] != nil)
        #expect(published.extensions[HeaderExtensionURI.repairedRID] != nil)
        // the audio line has no simulcast
        #expect(result.description.media(withMID: "0")?.simulcast == nil)
    }

    @Test func chromiumPublish() throws {
        let (_, result) = try answer(.chromiumPublish)
        #expect(result.description.extmapAllowMixed)
        #expect(result.remoteTransport.iceUfrag == "3HrM")
        #expect(result.remoteTransport.icePassword == "Qv2jjY+uwmwqgB1JHxV/xMkO")
        #expect(result.remoteTransport.fingerprint.hexText.hasPrefix("7B:E1:D7:49"))

        let audio = try #require(result.media(withMID: "0"))
        #expect(audio.kind == .audio)
        #expect(audio.codecs.map(\.payloadType) == [111, 63])
        #expect(audio.codecs.map(\.codec.name) == ["opus", "red"])
        #expect(audio.codecs[0].codec.feedback == [RTCPFeedback(payloadType: 111, type: "transport-cc")])
        #expect(audio.ssrc == 2_572_811_323)
        #expect(audio.rtxSSRC == nil)
        #expect(audio.streamID == "8c2ed87f-c59e-4a55-bc1a-506eff4a7329")
        #expect(audio.trackID == "a37b4177-2739-4e0c-80e1-916c7208ac53")
        #expect(
            audio.extensions
                == HeaderExtensionIDs([
                    HeaderExtensionURI.audioLevel: 1, HeaderExtensionURI.absSendTime: 2,
                    HeaderExtensionURI.transportWideCC: 3, HeaderExtensionURI.mid: 4,
                ]))

        let video = try #require(result.media(withMID: "1"))
        #expect(video.kind == .video)
        // default preferences VP8, VP9, H264: VP9 profile 0 only, H.264 mode 1 baseline only
        #expect(video.codecs.map(\.payloadType) == [96, 98, 102, 108])
        #expect(video.codecs.map(\.rtxPayloadType) == [97, 99, 103, 109])
        #expect(video.codecs[0].codec.feedback.count == 5)
        #expect(video.ssrc == 3_076_447_138)
        #expect(video.rtxSSRC == 599_699_403)
        #expect(video.rids.isEmpty)
        #expect(video.trackID == "b392b6dd-54f1-4643-9039-3a901531e0be")
        #expect(video.extensions[HeaderExtensionURI.mid] == 4)
        #expect(video.extensions[HeaderExtensionURI.rid] == 10)
        #expect(video.extensions.idsByURI.count == 5)

        let section = try #require(result.description.media(withMID: "1"))
        #expect(section.formats == ["96", "97", "98", "99", "102", "103", "108", "109"])
        #expect(section.codec(payloadType: 102)?.parameterText
            == "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")
        #expect(section.codec(payloadType: 63)?.parameterText == nil)
        #expect(result.description.media(withMID: "0")?.codec(payloadType: 63)?.parameterText == "111/111")
    }

    @Test func firefoxAudioVideo() throws {
        let (_, result) = try answer(.firefoxAudioVideo)
        #expect(result.remoteTransport.iceUfrag == "99ecd0d1")
        #expect(result.remoteTransport.fingerprint.hexText.hasPrefix("B6:37:58"))  // session-level
        // the bundle-only video line (port 0) is accepted
        #expect(result.description.bundleGroup?.mids == ["0", "1"])
        #expect(result.description.media(withMID: "0")?.extmapAllowMixed == true)
        #expect(!result.description.extmapAllowMixed)
        let audio = try #require(result.media(withMID: "0"))
        #expect(audio.codecs.map(\.payloadType) == [109])
        #expect(audio.ssrc == 474_948_162)
        #expect(audio.streamID == "{ed66f266-d4fb-405d-8bcd-a532d694091c}")
        let video = try #require(result.media(withMID: "1"))
        #expect(video.codecs.map(\.payloadType) == [120, 121])
        #expect(video.codecs.map(\.rtxPayloadType) == [124, 125])
        #expect(video.ssrc == 1_607_913_138)
        #expect(video.rtxSSRC == 2_160_473_019)
    }

    @Test func firefoxSimulcastMirrorsExtensionDirections() throws {
        let (_, result) = try answer(.firefoxSimulcast)
        let video = try #require(result.description.media(withMID: "1"))
        #expect(video.extensionMaps.contains(ExtensionMap(id: 9, direction: .recvonly, uri: HeaderExtensionURI.rid)))
        // recvonly extensions of the offer (playout-delay, csrc-audio-level) are not answered
        #expect(!video.extensionMaps.contains { $0.id == 6 })
    }

    @Test func aiortcAudioVideo() throws {
        let (_, result) = try answer(.aiortcAudioVideo)
        // sendrecv audio is answered recvonly: the server never sends on the publish PC
        #expect(result.description.media(withMID: "0")?.direction == .recvonly)
        #expect(result.remoteTransport.fingerprint.hashFunction == "sha-256")
        #expect(result.remoteTransport.iceUfrag == "2JsU")
        let audio = try #require(result.media(withMID: "0"))
        #expect(audio.isActive)
        #expect(audio.codecs.map(\.payloadType) == [96])
        #expect(audio.ssrc == 3_757_915_784)
        let video = try #require(result.media(withMID: "1"))
        #expect(video.codecs.map(\.payloadType) == [97, 99, 101])
        #expect(video.codecs.map(\.rtxPayloadType) == [98, 100, 102])
        #expect(video.ssrc == 3_021_167_291)
        #expect(video.rtxSSRC == 1_615_158_829)
        #expect(video.streamID == "2b0e8a58-af03-4f74-a8bc-f68b6b8907f7")
        #expect(!result.description.extmapAllowMixed)
    }
}
