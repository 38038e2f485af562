import Foundation
import MediaNegotiation
import SDP
import Testing

/// Codec preferences, refused offers and renegotiation of the publish PC.
@Suite struct PublishAnswererRuleTests {
    func answer(
        _ text: String, preferences: CodecPreferences = CodecPreferences()
    ) throws -> PublishAnswer {
        var answerer = PublishAnswerer(preferences: preferences)
        return try answerer.answer(try SessionDescription(parsing: text), transport: TestServer.transport)
    }

    func videoPayloadTypes(_ result: PublishAnswer) -> [UInt8] {
        result.media.first { $0.kind == .video }?.codecs.map(\.payloadType) ?? []
    }

    @Test func vp9AndH264OnlyWhenPreferred() throws {
        let text = try OfferFixture.chromiumPublish.text
        #expect(videoPayloadTypes(try answer(text, preferences: CodecPreferences(video: ["VP8"]))) == [96])
        #expect(videoPayloadTypes(try answer(text, preferences: CodecPreferences(video: []))) == [96])
        #expect(videoPayloadTypes(try answer(text, preferences: CodecPreferences(video: ["vp9"]))) == [98, 96])
        let h264First = try answer(text, preferences: CodecPreferences(video: ["H264", "VP8"]))
        #expect(videoPayloadTypes(h264First) == [102, 108, 96])
        let formats = h264First.description.media(withMID: "1")?.formats
        #expect(formats == ["102", "103", "108", "109", "96", "97"])
        // AV1 is not forwarded even when listed
        #expect(videoPayloadTypes(try answer(text, preferences: CodecPreferences(video: ["AV1"]))) == [96])
        // Opus is always allowed
        let audio = try answer(text, preferences: CodecPreferences(audio: []))
        #expect(audio.media.first?.codecs.map(\.payloadType) == [111, 63])
    }

    static let unsupportedOffer = """
        v=0
        o=- 1 1 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        m=audio 9 UDP/TLS/RTP/SAVPF 0 8
        c=IN IP4 0.0.0.0
        a=mid:0
        a=sendonly
        a=ice-ufrag:abcd
        a=ice-pwd:abcdefghijklmnopqrstuvwx
        a=fingerprint:sha-256 00:11
        a=setup:actpass
        a=rtcp-mux
        m=video 9 UDP/TLS/RTP/SAVPF 45
        c=IN IP4 0.0.0.0
        a=mid:1
        a=sendonly
        a=rtcp-mux
        a=rtpmap:45 AV1/90000
        """

    @Test func onlyUnsupportedCodecsIsAnError() {
        #expect(throws: NegotiationError.noSupportedCodecs) { try answer(Self.unsupportedOffer) }
    }

    @Test func unsupportedLineIsRejectedNextToSupportedOne() throws {
        // the AV1-only video line is refused, the audio line answered
        let text = Self.unsupportedOffer.replacingOccurrences(of: "0 8\n", with: "111 0\n")
            .replacingOccurrences(of: "a=mid:0\n", with: "a=mid:0\na=rtpmap:111 opus/48000/2\n")
        let result = try answer(text)
        #expect(result.description.media.map(\.port) == [9, 0])
        #expect(result.description.bundleGroup?.mids == ["0"])
        #expect(result.media.map(\.isActive) == [true, false])
        #expect(result.media[1].codecs.isEmpty)
    }

    @Test func refusedOffers() throws {
        let fixture = OfferFixture.chromiumPublish
        #expect(throws: NegotiationError.missingFingerprint(mid: "0")) {
            try answer(try fixture.text(droppingLines: { $0.hasPrefix("a=fingerprint") }))
        }
        #expect(throws: NegotiationError.missingICECredentials(mid: "0")) {
            try answer(try fixture.text(droppingLines: { $0.hasPrefix("a=ice-pwd") }))
        }
        #expect(throws: NegotiationError.missingBundleGroup) {
            try answer(try fixture.text(droppingLines: { $0.hasPrefix("a=group:BUNDLE") }))
        }
        #expect(throws: NegotiationError.missingRTCPMux(mid: "0")) {
            try answer(try fixture.text(droppingLines: { $0.hasPrefix("a=rtcp-mux") }))
        }
        #expect(throws: NegotiationError.missingMID(mLineIndex: 0)) {
            try answer(try fixture.text(droppingLines: { $0.hasPrefix("a=mid:0") }))
        }
        #expect(throws: NegotiationError.duplicateMID("0")) {
            try answer(try fixture.text.replacingOccurrences(of: "a=mid:1", with: "a=mid:0"))
        }
        #expect(throws: NegotiationError.badSetupRole(mid: "0", .holdconn)) {
            try answer(try fixture.text.replacingOccurrences(of: "a=setup:actpass", with: "a=setup:holdconn"))
        }
        // Firefox's session-level fingerprint is enough; without it the offer fails
        #expect(throws: NegotiationError.missingFingerprint(mid: "0")) {
            try answer(try OfferFixture.firefoxAudioVideo.text(droppingLines: { $0.hasPrefix("a=fingerprint") }))
        }
    }

    @Test func passiveOfferGetsActiveAnswer() throws {
        let text = try OfferFixture.chromiumPublish.text.replacingOccurrences(
            of: "a=setup:actpass", with: "a=setup:passive")
        let result = try answer(text)
        #expect(result.localSetupRole == .active)
        #expect(result.remoteTransport.localSetupRole == .active)
        #expect(result.description.media.allSatisfy { $0.setupRole == .active })
    }

    @Test func lineOutsideBundleIsRejected() throws {
        let text = try OfferFixture.chromiumPublish.text.replacingOccurrences(
            of: "a=group:BUNDLE 0 1", with: "a=group:BUNDLE 0")
        let result = try answer(text)
        #expect(result.description.media.map(\.port) == [9, 0])
        #expect(result.description.bundleGroup?.mids == ["0"])
    }

    @Test func dataChannelIsRejected() throws {
        let text = try OfferFixture.chromiumPublish.text.replacingOccurrences(of: "a=group:BUNDLE 0 1", with: "a=group:BUNDLE 0 1 2")
            + """
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 0.0.0.0
            a=mid:2
            a=sctp-port:5000

            """
        let result = try answer(text)
        let application = try #require(result.description.media.last)
        #expect(application.port == 0)
        #expect(application.media == "application")
        #expect(application.formats == ["webrtc-datachannel"])
        #expect(application.mid == "2")
        #expect(result.description.bundleGroup?.mids == ["0", "1"])
        #expect(result.media.count == 2)  // PublishedMedia only for audio and video
        #expect(try SessionDescription(parsing: result.description.serialized()) == result.description)
    }

    @Test func renegotiation() throws {
        let first = try OfferFixture.chromiumPublish.text
        var answerer = PublishAnswerer(sessionID: 7)
        let initial = try answerer.answer(try SessionDescription(parsing: first), transport: TestServer.transport)
        #expect(initial.description.origin.sessionVersion == 1)
        #expect(answerer.previousMediaSections.map(\.mid) == ["0", "1"])

        // video track removed: Chrome marks the line inactive; it stays bundled
        var inactive = try SessionDescription(parsing: first)
        inactive.media[1].setDirection(.inactive)
        let second = try answerer.answer(inactive, transport: TestServer.transport)
        #expect(second.description.origin.sessionVersion == 2)
        #expect(second.description.origin.sessionID == "7")
        #expect(second.media.map(\.isActive) == [true, false])
        #expect(second.description.media(withMID: "1")?.direction == .inactive)
        #expect(second.description.bundleGroup?.mids == ["0", "1"])

        // a stopped transceiver: port 0
        let stopped = try OfferFixture.chromiumPublish.description
        var stoppedOffer = stopped
        stoppedOffer.media[1].port = 0
        let third = try answerer.answer(stoppedOffer, transport: TestServer.transport)
        #expect(third.media.map(\.isActive) == [true, false])
        #expect(third.description.media[1].port == 0)

        // a new track recycles the rejected line under a new mid, and a third line is added
        var grown = stopped
        grown.media[1].replaceAttributes(with: SDPAttribute(name: "mid", value: "2"))
        grown.media.append(stopped.media[0])
        grown.media[2].replaceAttributes(with: SDPAttribute(name: "mid", value: "3"))
        grown.replaceAttributes(with: SDPAttribute(MediaGroup(semantics: "BUNDLE", mids: ["0", "2", "3"])))
        let fourth = try answerer.answer(grown, transport: TestServer.transport)
        #expect(fourth.media.map(\.mid) == ["0", "2", "3"])
        #expect(fourth.media.allSatisfy { $0.isActive })
        #expect(fourth.description.bundleGroup?.mids == ["0", "2", "3"])

        // dropping or renaming an accepted line is refused
        var shrunk = grown
        shrunk.media.removeLast()
        #expect(throws: NegotiationError.mediaSectionsChanged(mLineIndex: 2)) {
            try answerer.answer(shrunk, transport: TestServer.transport)
        }
        var renamed = grown
        renamed.media[0].replaceAttributes(with: SDPAttribute(name: "mid", value: "9"))
        #expect(throws: NegotiationError.mediaSectionsChanged(mLineIndex: 0)) {
            try answerer.answer(renamed, transport: TestServer.transport)
        }
        #expect(answerer.version == 4)
    }
}
