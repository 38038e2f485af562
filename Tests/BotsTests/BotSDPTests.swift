@testable import Bots
import MediaNegotiation
import MediaTransport
import SDP
import Testing

/// The bots' SDP goes through the server's own negotiation code: what the
/// server accepts from a browser it accepts from a bot.
@Suite struct BotSDPTests {
    static let fingerprint = Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))

    func offer(simulcast: Bool) throws -> SessionDescription {
        let builder = PublishOfferBuilder(
            ufrag: "botU", password: "botpassword0123456789ab", fingerprint: Self.fingerprint,
            plan: BotMediaPlan(simulcast: simulcast), streamID: "bot-a", audioSSRC: 11, videoSSRCs: simulcast ? [21, 22, 23] : [21],
            videoRTXSSRCs: simulcast ? [31, 32, 33] : [31])
        // Through text and back, as the server receives it.
        return try SessionDescription(parsing: builder.offer(sessionID: 7).serialized())
    }

    static let transport = ServerTransportParameters(
        iceUfrag: "srvU", icePassword: "serverpassword0123456789", fingerprint: fingerprint,
        candidateAddress: "127.0.0.1", candidatePort: 50_000)

    @Test func thePublishOfferIsAcceptedWithBothTracks() throws {
        var answerer = PublishAnswerer()
        let answer = try answerer.answer(try offer(simulcast: false), transport: Self.transport)
        #expect(answer.media.map(\.kind) == [.audio, .video])
        #expect(answer.media.allSatisfy { $0.isActive })
        #expect(answer.media.map(\.ssrc) == [11, 21])
        #expect(answer.media[1].rtxSSRC == 31)
        #expect(answer.media[1].codecs.first?.rtxPayloadType == 97)
        #expect(answer.media[1].extensions[HeaderExtensionURI.transportWideCC] == 3)
        #expect(answer.remoteTransport.setupRole == .actpass)
        #expect(answer.localSetupRole == .passive)
    }

    @Test func simulcastOffersThreeRIDsLowestFirst() throws {
        var answerer = PublishAnswerer()
        let answer = try answerer.answer(try offer(simulcast: true), transport: Self.transport)
        #expect(answer.media[1].rids == ["q", "h", "f"])
        #expect(answer.media[1].extensions[HeaderExtensionURI.rid] == 5)
    }

    @Test func theSubscribeAnswerMirrorsTheOffer() throws {
        let offerText = """
            v=0\r
            o=- 1 2 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            a=group:BUNDLE 0 1\r
            a=ice-lite\r
            m=audio 9 UDP/TLS/RTP/SAVPF 111\r
            c=IN IP4 0.0.0.0\r
            a=ice-ufrag:srvU\r
            a=ice-pwd:serverpassword0123456789\r
            a=fingerprint:sha-256 \(Self.fingerprint.hexText)\r
            a=setup:actpass\r
            a=mid:0\r
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r
            a=sendonly\r
            a=rtcp-mux\r
            a=rtcp-rsize\r
            a=rtpmap:111 opus/48000/2\r
            a=ssrc:5 cname:x\r
            a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r
            m=video 0 UDP/TLS/RTP/SAVPF 96\r
            c=IN IP4 0.0.0.0\r
            a=mid:1\r

            """
        let offer = try SessionDescription(parsing: offerText)
        let builder = SubscribeAnswerBuilder(ufrag: "botU", password: "botpassword0123456789ab", fingerprint: Self.fingerprint)
        let answer = try SessionDescription(parsing: builder.answer(offer, sessionID: 3).serialized())
        #expect(answer.media.count == 2)
        #expect(answer.media[0].direction == .recvonly)
        #expect(answer.media[0].setupRole == .active)
        #expect(answer.media[0].codecs.map(\.name) == ["opus"])
        #expect(answer.media[1].isRejected)
        let server = try ICELiteServerEndpoint(from: offer)
        #expect(server.credentials.ufrag == "srvU")
        #expect(server.address.port == 50_000)
    }
}
