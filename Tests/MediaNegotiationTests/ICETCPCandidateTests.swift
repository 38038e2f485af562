import MediaNegotiation
import SDP
import TestSupport
import Testing

/// The passive ICE-TCP candidate (RFC 6544 §4.5) beside the UDP one in
/// every SDP the server writes.
@Suite struct ICETCPCandidateTests {
    static var transport: ServerTransportParameters {
        var transport = TestServer.transport
        transport.tcpCandidatePort = 40_123
        return transport
    }

    /// The candidates of `section`: UDP host first, then TCP passive below it.
    private func expectBoth(in section: MediaDescription) throws {
        #expect(section.candidates.count == 2)
        let udp = try #require(section.candidates.first)
        let tcp = try #require(section.candidates.last)
        #expect(udp.transport == "udp")
        #expect(tcp.transport == "tcp" && tcp.tcpType == "passive" && tcp.type == .host)
        #expect(tcp.address == udp.address && tcp.port == 40_123)
        #expect(tcp.foundation != udp.foundation)
        #expect(tcp.priority < udp.priority)
        #expect(section.hasEndOfCandidates)
    }

    @Test func priorityFollowsRFC6544() {
        // Type preference 90, local preference 2^13 * 4 (passive) + 8191, component 1.
        #expect(ServerTransportParameters.tcpPassiveHostPriority == 90 << 24 + 40_959 << 8 + 255)
        #expect(ServerTransportParameters.tcpPassiveHostPriority == 1_520_435_199)
        #expect(
            Self.transport.tcpCandidate?.attributeValue
                == "2 1 tcp 1520435199 127.0.0.1 40123 typ host tcptype passive")
    }

    @Test func publishAnswersCarryIt() throws {
        var answerer = PublishAnswerer(preferences: CodecPreferences(), sessionID: 42)
        let fixture = try #require(OfferFixture.publishOffers.first)
        let answer = try answerer.answer(try fixture.description, transport: Self.transport).description
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)
        for section in answer.media where section.port != 0 { try expectBoth(in: section) }
    }

    @Test func subscribeOffersCarryIt() throws {
        var random = SeededRandom(seed: 6_544)
        var negotiator = SubscribeNegotiator(sessionID: 7)
        let tracks = [
            OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice"),
            OutgoingTrack(trackID: "tv", kind: .video, streamID: "alice"),
        ]
        let (offer, _) = negotiator.makeOffer(tracks: tracks, transport: Self.transport, using: &random)
        #expect(try SessionDescription(parsing: offer.serialized()) == offer)
        for section in offer.media { try expectBoth(in: section) }
    }

    @Test func withoutATCPPortOnlyUDPIsWritten() throws {
        #expect(TestServer.transport.tcpCandidate == nil)
        var random = SeededRandom(seed: 1)
        var negotiator = SubscribeNegotiator(sessionID: 7)
        let (offer, _) = negotiator.makeOffer(
            tracks: [OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")], transport: TestServer.transport,
            using: &random)
        #expect(offer.media.first?.candidates.map(\.transport) == ["udp"])
    }
}
