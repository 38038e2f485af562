import MediaNegotiation
import Rooms
import SDP
import Testing

/// The two ends of a cascade relay in a room (docs/protocol.md, "Cluster"):
/// a relay pulling this node's tracks is hidden and receives only local
/// publishers' tracks; a relay publishing a far node's tracks is an
/// ordinary publisher to the clients, and never relayed on.
@Suite struct RelayRoleTests {
    @Test func aRelaySubscriberIsHiddenAndGetsOnlyLocalTracks() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), far = Member("b"), out = Member("c")
        far.participant.relay = .publisher(node: "b")
        out.participant.relay = .subscriber(node: "c")
        _ = try room.join(alice.participant)
        room.startSubscriptions(of: alice.participant)
        _ = try room.join(far.participant)
        room.startSubscriptions(of: far.participant)
        let seen = try room.join(out.participant)
        room.startSubscriptions(of: out.participant)
        #expect(seen.map(\.participant.name) == ["alice", "b"])
        #expect(!alice.link.messages.contains(.participantJoined(out.participant.snapshot)), "the pulling relay is hidden")
        #expect(alice.link.messages.contains(.participantJoined(far.participant.snapshot)))

        let (_, aliceTracks) = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        _ = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        // Alice gets the far node's tracks; the relay toward c gets Alice's only.
        #expect(alice.participant.subscriptionCount == 2)
        #expect(out.participant.subscriptionCount == 2)
        #expect(Set(out.link.offers.last?.tracks.map(\.id) ?? []) == Set(aliceTracks.map(\.id)))

        room.leave(out.participant)
        #expect(!alice.link.messages.contains(.participantLeft(out.participant.snapshot)))
        #expect(alice.participant.subscriptionCount == 2)
    }

    @Test func onlyClientsFeedARelay() {
        #expect(RelayRole.subscriber(node: "b").node == "b")
        #expect(RelayRole.none.node == nil)
        let stats = [RelayRole.none, .publisher(node: "b"), .subscriber(node: "c")].map(\.node)
        #expect(stats == [nil, "b", "c"])
    }
}

extension RelayRoleTests {
    @Test func aRelayGetsEverySimulcastLayerOnADownTrackOfItsOwn() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), out = Member("b"), bob = Member("bob")
        out.participant.relay = .subscriber(node: "b")
        for member in [alice, out, bob] {
            _ = try room.join(member.participant)
            room.startSubscriptions(of: member.participant)
        }
        _ = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-simulcast"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        let relayed = try #require(out.link.offers.last).tracks
        let video = try #require(alice.participant.tracks.first { $0.kind == .video })
        #expect(relayed.filter { $0.kind == .video }.map(\.id) == ["q", "h", "f"].map { "\(video.id)#\($0)" })
        #expect(relayed.filter { $0.kind == .audio }.count == 1)
        // A client still gets one down track per track.
        #expect(try #require(bob.link.offers.last).tracks.count == 2)

        room.leave(out.participant)
        #expect(out.participant.subscriptionCount == 0)
        #expect(bob.participant.subscriptionCount == 2)
    }
}

extension RelayRoleTests {
    @Test func aRelayPublisherIsNotBoundByTheClientTrackLimit() throws {
        let room = Room(name: "r", limits: RoomLimits(maxParticipants: 10, maxTracksPerParticipant: 1))
        let client = Member("alice"), far = Member("b")
        far.participant.relay = .publisher(node: "b")
        _ = try room.join(client.participant)
        _ = try room.join(far.participant)
        #expect(throws: RoomError.self) {
            _ = try room.publish(
                client.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
                preferences: CodecPreferences())
        }
        let (_, tracks) = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        #expect(tracks.count == 2)
    }
}
