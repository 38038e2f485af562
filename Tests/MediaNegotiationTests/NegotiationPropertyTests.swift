import MediaNegotiation
import SDP
import TestSupport
import Testing

/// Random sequences of subscribe renegotiations, and damaged offers
/// through the publish answerer.
@Suite struct NegotiationPropertyTests {
    /// 200 rounds of random track sets: the invariants of JSEP slots hold.
    @Test func randomSubscribeRenegotiations() throws {
        var random = SeededRandom(seed: 0x5EED)
        var negotiator = SubscribeNegotiator()
        let client = SubscribeClient()
        let pool = (0..<8).map { index in
            OutgoingTrack(trackID: "t\(index)", kind: index % 3 == 0 ? .video : .audio, streamID: "p\(index / 2)")
        }
        var previousMIDs: [String] = []
        var seenSSRCs: [String: UInt32] = [:]  // "trackID@mid" -> ssrc while it lasts
        for _ in 0..<200 {
            let tracks = pool.filter { _ in Bool.random(using: &random) }
            let (offer, assignments) = negotiator.makeOffer(
                tracks: tracks, transport: TestServer.transport, using: &random)
            // parses back; mids only ever appended
            #expect(try SessionDescription(parsing: offer.serialized()) == offer)
            let mids = offer.media.compactMap(\.mid)
            #expect(Array(mids.prefix(previousMIDs.count)) == previousMIDs)
            #expect(mids == (0..<mids.count).map(String.init))
            previousMIDs = mids
            // every track assigned once, to a line of its kind that carries it
            #expect(assignments.map(\.trackID) == tracks.map(\.trackID))
            #expect(Set(assignments.map(\.mid)).count == assignments.count)
            for (trackID, mid) in assignments {
                let section = try #require(offer.media(withMID: mid))
                let track = try #require(tracks.first { $0.trackID == trackID })
                #expect(section.media == track.kind.rawValue)
                #expect(section.mediaStreamIDs.first?.trackID == trackID)
                #expect(section.direction == .sendonly)
            }
            // free lines are inactive; active lines' SSRCs are unique and non-zero
            let active = offer.media.filter { $0.direction == .sendonly }
            #expect(active.count == tracks.count)
            let ssrcs = offer.media.flatMap(\.ssrcs)
            #expect(Set(ssrcs).count == ssrcs.count)
            #expect(!ssrcs.contains(0))
            // a track that stays on its line keeps its SSRC
            var current: [String: UInt32] = [:]
            for slot in negotiator.slots {
                guard let track = slot.track, let ssrc = slot.ssrc else { continue }
                let key = track.trackID + "@" + slot.mid
                if let earlier = seenSSRCs[key] { #expect(earlier == ssrc) }
                current[key] = ssrc
            }
            seenSSRCs = current
            let media = try negotiator.applyAnswer(client.answer(offer))
            #expect(media.count == tracks.count)
        }
        // lines are reused: never more of a kind than the most tracks of that kind at once
        #expect(negotiator.slots.filter { $0.kind == .video }.count <= 3)
        #expect(negotiator.slots.filter { $0.kind == .audio }.count <= 5)
    }

    /// Damaged real offers either parse and answer, or fail with typed
    /// errors; nothing traps.
    @Test func damagedOffersDoNotTrap() throws {
        var random = SeededRandom(seed: 0xBAD)
        var answered = 0, refused = 0
        for fixture in OfferFixture.allCases {
            let bytes = Array(try fixture.text.utf8)
            for damaged in Mutations.corruptions(of: bytes, count: 60, using: &random) {
                guard let offer = try? SessionDescription(parsing: damaged) else { continue }
                var answerer = PublishAnswerer()
                do {
                    let result = try answerer.answer(offer, transport: TestServer.transport)
                    #expect(try SessionDescription(parsing: result.description.serialized()) == result.description)
                    answered += 1
                } catch {
                    refused += 1
                }
            }
        }
        #expect(answered > 0)
    }
}
