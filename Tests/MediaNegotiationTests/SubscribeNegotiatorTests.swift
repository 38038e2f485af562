import MediaNegotiation
import SDP
import TestSupport
import Testing

@Suite struct SubscribeNegotiatorTests {
    static let audioA = OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")
    static let videoA = OutgoingTrack(trackID: "tv", kind: .video, streamID: "alice")
    static let videoB = OutgoingTrack(trackID: "tv2", kind: .video, streamID: "bob")
    static let audioB = OutgoingTrack(trackID: "ta2", kind: .audio, streamID: "bob")

    @Test func firstOfferForTwoTracks() throws {
        var random = SeededRandom(seed: 1)
        var negotiator = SubscribeNegotiator(sessionID: 5)
        let (offer, assignments) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        #expect(assignments.map(\.trackID) == ["ta", "tv"])
        #expect(assignments.map(\.mid) == ["0", "1"])
        #expect(try SessionDescription(parsing: offer.serialized()) == offer)
        #expect(offer.origin.sessionID == "5")
        #expect(offer.origin.sessionVersion == 1)
        #expect(offer.isICELite)
        #expect(offer.bundleGroup?.mids == ["0", "1"])
        #expect(offer.media.map(\.media) == ["audio", "video"])

        for (section, slot) in zip(offer.media, negotiator.slots) {
            let track = try #require(slot.track)
            let ssrc = try #require(slot.ssrc)
            #expect(ssrc != 0)
            #expect(section.port == 9)
            #expect(section.setupRole == .actpass)
            #expect(section.direction == .sendonly)
            #expect(section.isRTCPMux)
            #expect(section.iceUfrag == "srvU")
            #expect(section.fingerprints == [TestServer.fingerprint])
            #expect(section.candidates.map(\.port) == [40_123])
            #expect(section.hasEndOfCandidates)
            #expect(section.mediaStreamIDs == [MediaStreamID(streamID: "alice", trackID: track.trackID)])
            #expect(section.ssrcAttribute("cname", of: ssrc) == "alice")
            #expect(section.ssrcAttribute("msid", of: ssrc) == "alice " + track.trackID)
            #expect(section.extensionMaps.contains { $0.uri == HeaderExtensionURI.mid })
        }
        let audio = offer.media[0], video = offer.media[1]
        #expect(audio.codecs.map(\.name) == ["opus"])
        #expect(audio.ssrcs.count == 1)
        #expect(audio.ssrcGroups.isEmpty)
        #expect(audio.extensionMaps.contains { $0.uri == HeaderExtensionURI.audioLevel })
        #expect(video.formats == ["96", "97"])
        #expect(video.rtxAssociations == [97: 96])
        let rtxSSRC = try #require(negotiator.slots[1].rtxSSRC)
        #expect(video.ssrcGroups(.fid) == [SSRCGroup(semantics: .fid, ssrcs: [negotiator.slots[1].ssrc!, rtxSSRC])])
        #expect(video.ssrcs.count == 2)
        #expect(video.codec(payloadType: 96)?.hasFeedback("nack", "pli") == true)
        #expect(video.codec(payloadType: 96)?.hasFeedback("ccm", "fir") == true)
        #expect(video.codec(payloadType: 96)?.hasFeedback("goog-remb") == true)
        #expect(video.codec(payloadType: 96)?.hasFeedback("transport-cc") == true)
        #expect(video.extensionMaps.contains { $0.uri == HeaderExtensionURI.transportWideCC })
        #expect(negotiator.pendingOffer == offer)
    }

    @Test func answerApplies() throws {
        var random = SeededRandom(seed: 2)
        var negotiator = SubscribeNegotiator()
        let (offer, _) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        let client = SubscribeClient()
        let media = try negotiator.applyAnswer(client.answer(offer))
        #expect(negotiator.pendingOffer == nil)
        #expect(media.map(\.mid) == ["0", "1"])
        #expect(media.map(\.kind) == [.audio, .video])
        #expect(media[0].codecs.map(\.payloadType) == [111])
        #expect(media[0].ssrc == negotiator.slots[0].ssrc)
        #expect(media[0].rtxSSRC == nil)
        #expect(media[1].codecs == [MediaCodec(codec: try #require(offer.media[1].codec(payloadType: 96)), rtxPayloadType: 97)])
        #expect(media[1].ssrc == negotiator.slots[1].ssrc)
        #expect(media[1].rtxSSRC == negotiator.slots[1].rtxSSRC)
        #expect(media[1].extensions == Self.videoA.headerExtensions)
        let remote = try #require(negotiator.remoteTransport)
        #expect(remote.iceUfrag == "cliU")
        #expect(remote.icePassword == client.password)
        #expect(remote.fingerprint == client.fingerprint)
        #expect(remote.setupRole == .active)
        #expect(remote.localSetupRole == .passive)
    }

    @Test func answerWithoutRTX() throws {
        var random = SeededRandom(seed: 3)
        var negotiator = SubscribeNegotiator()
        let (offer, _) = negotiator.makeOffer(tracks: [Self.videoA], transport: TestServer.transport, using: &random)
        var client = SubscribeClient()
        client.dropRTX = true
        let media = try negotiator.applyAnswer(client.answer(offer))
        #expect(media.first?.codecs.map(\.rtxPayloadType) == [nil])
        #expect(media.first?.rtxSSRC == nil)
    }

    @Test func renegotiation() throws {
        var random = SeededRandom(seed: 4)
        var negotiator = SubscribeNegotiator()
        let client = SubscribeClient()
        let transport = TestServer.transport
        let (first, _) = negotiator.makeOffer(tracks: [Self.audioA, Self.videoA], transport: transport, using: &random)
        _ = try negotiator.applyAnswer(client.answer(first))
        let oldVideoSSRC = try #require(negotiator.slots[1].ssrc)

        // the video track goes away: its line becomes inactive, without ssrc or msid
        let (second, assigned2) = negotiator.makeOffer(tracks: [Self.audioA], transport: transport, using: &random)
        #expect(second.origin.sessionVersion == 2)
        #expect(second.origin.sessionID == first.origin.sessionID)
        #expect(assigned2.map(\.mid) == ["0"])
        #expect(second.media.count == 2)
        #expect(second.media[1].direction == .inactive)
        #expect(second.media[1].ssrcAttributes.isEmpty)
        #expect(second.media[1].ssrcGroups.isEmpty)
        #expect(second.media[1].mediaStreamIDs.isEmpty)
        #expect(second.media[1].port == 9)
        #expect(second.bundleGroup?.mids == ["0", "1"])
        #expect(second.media[0].ssrcs == first.media[0].ssrcs)  // the audio track keeps its ssrc
        let media2 = try negotiator.applyAnswer(client.answer(second))
        #expect(media2.map(\.mid) == ["0"])

        // a new video track reuses the free video line with a new ssrc;
        // a second audio track gets a new line at the end
        let (third, assigned3) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoB, Self.audioB], transport: transport, using: &random)
        #expect(third.origin.sessionVersion == 3)
        #expect(assigned3.map(\.trackID) == ["ta", "tv2", "ta2"])
        #expect(assigned3.map(\.mid) == ["0", "1", "2"])
        #expect(third.media.map(\.mid) == ["0", "1", "2"])
        #expect(third.media.map(\.media) == ["audio", "video", "audio"])
        let newVideoSSRC = try #require(negotiator.slots[1].ssrc)
        #expect(newVideoSSRC != oldVideoSSRC)
        #expect(third.media[1].direction == .sendonly)
        #expect(third.media[1].mediaStreamIDs == [MediaStreamID(streamID: "bob", trackID: "tv2")])
        #expect(third.bundleGroup?.mids == ["0", "1", "2"])
        let media3 = try negotiator.applyAnswer(client.answer(third))
        #expect(media3.map(\.mid) == ["0", "1", "2"])
        #expect(media3[1].ssrc == newVideoSSRC)
        #expect(negotiator.mid(of: "ta2") == "2")
        #expect(negotiator.mid(of: "tv") == nil)

        // all SSRCs ever handed out are distinct
        #expect(Set(third.media[1].ssrcs).isDisjoint(with: first.media[1].ssrcs))
        #expect(Set(third.media.flatMap(\.ssrcs)).count == third.media.flatMap(\.ssrcs).count)
    }

    @Test func rejectedLineStaysRejected() throws {
        var random = SeededRandom(seed: 5)
        var negotiator = SubscribeNegotiator()
        let (offer, _) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        var answer = SubscribeClient().answer(offer)
        answer.media[1].port = 0
        let media = try negotiator.applyAnswer(answer)
        #expect(media.map(\.mid) == ["0"])
        #expect(negotiator.slots[1].isRejected)
        // the video track is placed in a new line; the rejected one keeps port 0 outside BUNDLE
        let (next, assigned) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        #expect(next.media.map(\.port) == [9, 0, 9])
        #expect(next.media[1].mid == "1")
        #expect(next.bundleGroup?.mids == ["0", "2"])
        #expect(assigned.map(\.mid) == ["0", "2"])
        #expect(try SessionDescription(parsing: next.serialized()) == next)
        #expect(try negotiator.applyAnswer(SubscribeClient().answer(next)).map(\.mid) == ["0", "2"])
    }

    @Test func mismatchedAnswersAreRefused() throws {
        var random = SeededRandom(seed: 6)
        var negotiator = SubscribeNegotiator()
        #expect(throws: NegotiationError.noPendingOffer) { try negotiator.applyAnswer(SessionDescription(origin: Origin(sessionID: "1", sessionVersion: 1))) }
        let (offer, _) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        let good = SubscribeClient().answer(offer)

        var fewer = good
        fewer.media.removeLast()
        #expect(throws: NegotiationError.mediaCountMismatch(expected: 2, actual: 1)) { try negotiator.applyAnswer(fewer) }
        var renamed = good
        renamed.media[1].replaceAttributes(with: SDPAttribute(name: "mid", value: "x"))
        #expect(throws: NegotiationError.midMismatch(mLineIndex: 1, expected: "1", actual: "x")) {
            try negotiator.applyAnswer(renamed)
        }
        var swapped = good
        swapped.media[0].media = "video"
        #expect(throws: NegotiationError.kindMismatch(mid: "0", expected: "audio", actual: "video")) {
            try negotiator.applyAnswer(swapped)
        }
        var actpass = good
        actpass.media[0].replaceAttributes(with: SDPAttribute(SetupRole.actpass))
        #expect(throws: NegotiationError.badSetupRole(mid: "0", .actpass)) { try negotiator.applyAnswer(actpass) }
        var noFingerprint = good
        noFingerprint.media[1].removeAttributes(named: "fingerprint")
        #expect(throws: NegotiationError.missingFingerprint(mid: "1")) { try negotiator.applyAnswer(noFingerprint) }
        var noCodec = good
        noCodec.media[1].formats = ["100"]
        noCodec.media[1].removeAttributes(named: "rtpmap")
        noCodec.media[1].append(RTPMap(payloadType: 100, encodingName: "H264", clockRate: 90000))
        #expect(throws: NegotiationError.noCommonCodec(mid: "1")) { try negotiator.applyAnswer(noCodec) }

        // nothing changed: the good answer still applies
        #expect(negotiator.pendingOffer == offer)
        #expect(negotiator.remoteTransport == nil)
        #expect(try negotiator.applyAnswer(good).count == 2)
        #expect(throws: NegotiationError.noPendingOffer) { try negotiator.applyAnswer(good) }
    }

    /// A browser's own recvonly offer (chromium-recvonly) shows the shape of
    /// the m-lines it expects: ours have the same attributes, and the
    /// default payload types and extension ids match Chromium's.
    @Test func offerHasChromiumShape() throws {
        let chromium = try OfferFixture.chromiumRecvonly.description
        var random = SeededRandom(seed: 7)
        var negotiator = SubscribeNegotiator()
        let (offer, _) = negotiator.makeOffer(
            tracks: [Self.audioA, Self.videoA], transport: TestServer.transport, using: &random)
        let required: Set<String> = [
            "mid", "ice-ufrag", "ice-pwd", "fingerprint", "setup", "extmap", "rtcp-mux", "rtcp-rsize", "rtpmap",
            "candidate",
        ]
        for (ours, theirs) in zip(offer.media, chromium.media) {
            #expect(ours.media == theirs.media)
            #expect(ours.proto == theirs.proto)
            #expect(ours.connections == [Connection(address: "0.0.0.0")])
            let names = Set(ours.attributes.map(\.name))
            // Chromium writes its candidates only in the first m-line; the server writes them everywhere
            #expect(required.subtracting(["candidate"]).isSubset(of: Set(theirs.attributes.map(\.name))))
            #expect(required.isSubset(of: names))
            for map in ours.extensionMaps {
                let chromiumMap = theirs.extensionMaps.first { $0.uri == map.uri }
                #expect(chromiumMap?.id == map.id)
            }
            for codec in ours.codecs {
                #expect(theirs.codec(payloadType: codec.payloadType)?.name == codec.name)
            }
        }
        #expect(offer.media[1].rtxAssociations == [97: 96])
        #expect(chromium.media[1].rtxAssociations[97] == 96)
    }
}
