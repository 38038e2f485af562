import MediaNegotiation
import SDP
import TestSupport
import Testing

/// The data channel m-line (RFC 8841) in publish answers and subscribe offers.
@Suite struct DataChannelNegotiationTests {
    /// An aiortc-style offer: audio, then data channels (`mid` 1).
    static let offerText = """
        v=0
        o=- 1 1 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        m=audio 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=sendonly
        a=mid:0
        a=rtcp-mux
        a=ssrc:1111 cname:x
        a=rtpmap:96 opus/48000/2
        a=ice-ufrag:abcd
        a=ice-pwd:0123456789abcdefghijkl
        a=fingerprint:\(TestServer.fingerprint.attributeValue)
        a=setup:actpass
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=mid:1
        a=sctp-port:5000
        a=max-message-size:65536
        a=ice-ufrag:abcd
        a=ice-pwd:0123456789abcdefghijkl
        a=fingerprint:\(TestServer.fingerprint.attributeValue)
        a=setup:actpass

        """

    static var offer: SessionDescription { get throws { try SessionDescription(parsing: offerText) } }

    @Test func publishAnswerAcceptsTheDataChannelInBundle() throws {
        var answerer = PublishAnswerer(sessionID: 1)
        answerer.dataChannelMaxMessageSize = 262_144
        let answer = try answerer.answer(try Self.offer, transport: TestServer.transport)
        let data = try #require(answer.description.media.last)
        #expect(data.media == "application")
        #expect(data.port == 9)
        #expect(data.proto == "UDP/DTLS/SCTP")
        #expect(data.formats == ["webrtc-datachannel"])
        #expect(data.mid == "1")
        #expect(data.sctpPort == 5000)
        #expect(data.maxMessageSize == 262_144)
        #expect(data.setupRole == .passive)
        #expect(data.iceUfrag == "srvU")
        #expect(answer.description.bundleGroup?.mids == ["0", "1"])
        #expect(answer.dataChannel == NegotiatedDataChannel(mid: "1", remotePort: 5000, remoteMaxMessageSize: 65_536))
        #expect(answerer.lastDataChannel == answer.dataChannel)
        #expect(answer.media.map(\.mid) == ["0"])
        #expect(try SessionDescription(parsing: answer.description.serialized()) == answer.description)
    }

    @Test func publishAnswerRejectsTheDataChannelWhenNotEnabled() throws {
        var answerer = PublishAnswerer(sessionID: 1)
        let answer = try answerer.answer(try Self.offer, transport: TestServer.transport)
        #expect(answer.description.media.last?.port == 0)
        #expect(answer.description.bundleGroup?.mids == ["0"])
        #expect(answer.dataChannel == nil)
    }

    @Test func aDataOnlyOfferIsAccepted() throws {
        var offer = try Self.offer
        offer.media.removeFirst()
        offer.replaceAttributes(with: SDPAttribute(name: "group", value: "BUNDLE 1"))
        var answerer = PublishAnswerer(sessionID: 1)
        answerer.dataChannelMaxMessageSize = 1_000
        let answer = try answerer.answer(offer, transport: TestServer.transport)
        #expect(answer.description.media.map(\.media) == ["application"])
        #expect(answer.description.media[0].maxMessageSize == 1_000)
        #expect(answer.dataChannel?.mid == "1")
        // A renegotiation keeps it.
        let again = try answerer.answer(offer, transport: TestServer.transport)
        #expect(again.dataChannel?.mid == "1")
    }

    @Test func maxMessageSizeAbsentOrZero() throws {
        var section = try Self.offer.media[1]
        section.removeAttributes(named: "max-message-size")
        #expect(DataChannelSDP.remote(of: section, mid: "1").remoteMaxMessageSize == 65_536)
        section.append(SDPAttribute(name: "max-message-size", value: "0"))
        #expect(DataChannelSDP.remote(of: section, mid: "1").remoteMaxMessageSize == Int(Int32.max))
    }

    @Test func subscribeOffersKeepTheDataChannelInPlace() throws {
        var random = SeededRandom(seed: 3)
        var negotiator = SubscribeNegotiator(sessionID: 9)
        negotiator.dataChannelMaxMessageSize = 262_144
        let audio = OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")
        let video = OutgoingTrack(trackID: "tv", kind: .video, streamID: "bob")
        let (first, _) = negotiator.makeOffer(tracks: [audio], transport: TestServer.transport, using: &random)
        #expect(first.media.map(\.media) == ["audio", "application"])
        #expect(first.media.map(\.mid) == ["0", "1"])
        #expect(first.bundleGroup?.mids == ["0", "1"])
        let data = first.media[1]
        #expect(data.proto == "UDP/DTLS/SCTP" && data.formats == ["webrtc-datachannel"])
        #expect(data.sctpPort == 5000 && data.maxMessageSize == 262_144)
        #expect(data.setupRole == .actpass && data.iceUfrag == "srvU")

        let answer = SubscribeAnswerBuilder(ufrag: "cli1", password: "clientpassword0123456789", fingerprint: TestServer.fingerprint)
            .answer(first, sessionID: 4)
        var accepting = answer
        accepting.media[1] = Self.acceptedData(mid: "1")
        _ = try negotiator.applyAnswer(accepting)
        #expect(negotiator.dataChannel?.accepted == NegotiatedDataChannel(mid: "1", remoteMaxMessageSize: 262_144))

        // A new track goes after the data m-line; nothing moves.
        let (second, assignments) = negotiator.makeOffer(tracks: [audio, video], transport: TestServer.transport, using: &random)
        #expect(second.media.map(\.media) == ["audio", "application", "video"])
        #expect(second.media.map(\.mid) == ["0", "1", "2"])
        #expect(assignments.map(\.mid) == ["0", "2"])
        var secondAnswer = SubscribeAnswerBuilder(
            ufrag: "cli1", password: "clientpassword0123456789", fingerprint: TestServer.fingerprint
        ).answer(second, sessionID: 4)
        secondAnswer.media[1] = Self.acceptedData(mid: "1")
        let media = try negotiator.applyAnswer(secondAnswer)
        #expect(media.map(\.mid) == ["0", "2"])
    }

    @Test func aRejectedDataChannelStaysRejected() throws {
        var random = SeededRandom(seed: 4)
        var negotiator = SubscribeNegotiator(sessionID: 9)
        negotiator.dataChannelMaxMessageSize = 262_144
        let audio = OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")
        let (first, _) = negotiator.makeOffer(tracks: [audio], transport: TestServer.transport, using: &random)
        // The bots' answer: data m-line at port 0, out of BUNDLE.
        let answer = SubscribeAnswerBuilder(ufrag: "cli1", password: "clientpassword0123456789", fingerprint: TestServer.fingerprint)
            .answer(first, sessionID: 4)
        #expect(answer.media[1].port == 0)
        #expect(answer.bundleGroup?.mids == ["0"])
        _ = try negotiator.applyAnswer(answer)
        #expect(negotiator.dataChannel?.isRejected == true)
        #expect(negotiator.dataChannel?.accepted == nil)
        let (second, _) = negotiator.makeOffer(tracks: [audio], transport: TestServer.transport, using: &random)
        #expect(second.media[1].port == 0)
        #expect(second.bundleGroup?.mids == ["0"])
    }

    @Test func noDataChannelUnlessEnabled() throws {
        var random = SeededRandom(seed: 5)
        var negotiator = SubscribeNegotiator(sessionID: 9)
        let audio = OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")
        let (offer, _) = negotiator.makeOffer(tracks: [audio], transport: TestServer.transport, using: &random)
        #expect(offer.media.map(\.media) == ["audio"])
    }

    /// A client's accepted data m-line (as a browser answers).
    static func acceptedData(mid: String) -> MediaDescription {
        var section = MediaDescription(media: "application", port: 9, proto: "UDP/DTLS/SCTP", formats: ["webrtc-datachannel"])
        section.append(SDPAttribute(name: "mid", value: mid))
        section.append(SDPAttribute(name: "ice-ufrag", value: "cli1"))
        section.append(SDPAttribute(name: "ice-pwd", value: "clientpassword0123456789"))
        section.append(TestServer.fingerprint)
        section.append(SetupRole.active)
        section.append(SDPAttribute(name: "sctp-port", value: "5000"))
        section.append(SDPAttribute(name: "max-message-size", value: "262144"))
        return section
    }
}
