import MediaNegotiation
import Rooms
import SDP
import Testing

/// The two ends of a pipe between shards of one room spread over workers
/// (docs/shards.md): the pipe subscriber takes what arrived on its shard
/// (clients and other nodes' relays), never another shard's stand-ins, with
/// every video pinned; stand-ins keep their participant's and tracks' ids
/// and count toward the room's size without being refused by it.
@Suite struct ShardRoleTests {
    @Test func aPipeTakesClientsAndCascadeRelaysButNoStandIns() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), far = Member("far"), standIn = Member("elsewhere"), pipe = Member("pipe")
        far.participant.relay = .publisher(node: "b")
        standIn.participant.relay = .shardPublisher(worker: 1)
        pipe.participant.relay = .shardSubscriber(worker: 1)
        for member in [alice, far, standIn] {
            _ = try room.join(member.participant)
            room.startSubscriptions(of: member.participant)
        }
        #expect(alice.link.messages.contains(.participantJoined(standIn.participant.snapshot)))
        let (_, aliceTracks) = try room.publish(
            alice.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        let (_, farTracks) = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        _ = try room.publish(
            standIn.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        // The pipe joins once all three publish: its one offer holds what it takes.
        _ = try room.join(pipe.participant)
        room.startSubscriptions(of: pipe.participant)
        #expect(!alice.link.messages.contains(.participantJoined(pipe.participant.snapshot)), "the pipe is hidden")
        let piped = try #require(pipe.link.offers.last).tracks
        // Every video pinned to its one layer ("<id>#"), audio as it is.
        let expected = (aliceTracks + farTracks).map { $0.kind == .video ? $0.id + "#" : $0.id }
        #expect(Set(piped.map(\.id)) == Set(expected))
        #expect(alice.participant.subscriptionCount == 4, "a client gets the far node's and the other shard's tracks")
    }

    @Test func aCascadeRelayTakesEveryShardsClientsButNoFarTracks() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let standIn = Member("elsewhere"), far = Member("far"), out = Member("relay")
        standIn.participant.relay = .shardPublisher(worker: 1)
        far.participant.relay = .publisher(node: "b")
        out.participant.relay = .subscriber(node: "c")
        for member in [standIn, far, out] {
            _ = try room.join(member.participant)
            room.startSubscriptions(of: member.participant)
        }
        let (_, shardTracks) = try room.publish(
            standIn.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        _ = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        #expect(Set(try #require(out.link.offers.last).tracks.map(\.id)) == Set(shardTracks.map(\.id)))
    }

    @Test func standInsKeepTheirIdsAndCountTowardTheRoomSize() throws {
        let room = Room(name: "r", maxParticipants: 2)
        let alice = Member("alice")
        let link = RecordingLink()
        let standIn = Participant(id: "PA_elsewhere01", name: "bob", link: link)
        standIn.relay = .shardPublisher(worker: 1)
        _ = try room.join(alice.participant)
        _ = try room.join(standIn)
        #expect(standIn.id == "PA_elsewhere01")
        let offer = try RoomFixtures.offer("aiortc-audio-video")
        let mids = offer.media.compactMap(\.mid)
        let (_, tracks) = try room.publish(
            standIn, offer: offer, transport: RoomFixtures.transport, preferences: CodecPreferences(),
            trackIDs: Dictionary(uniqueKeysWithValues: mids.map { ($0, "TR_given_\($0)") }))
        #expect(Set(tracks.map(\.id)) == Set(mids.map { "TR_given_\($0)" }))
        // The room holds two (a client and a stand-in): a third client is refused...
        #expect(throws: RoomError.full(maxParticipants: 2)) { try room.join(Member("carol").participant) }
        // ...a further stand-in is not (its client was admitted on its own shard).
        let another = Participant(id: "PA_elsewhere02", name: "dave", link: link)
        another.relay = .shardPublisher(worker: 1)
        _ = try room.join(another)
        // Two of one id never meet.
        let twin = Participant(id: "PA_elsewhere01", name: "bob", link: link)
        twin.relay = .shardPublisher(worker: 2)
        #expect(throws: RoomError.duplicateParticipant("PA_elsewhere01")) { try room.join(twin) }
    }

    @Test func withdrawnTracksLeaveEverySubscriber() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), standIn = Member("elsewhere")
        standIn.participant.relay = .shardPublisher(worker: 1)
        for member in [alice, standIn] {
            _ = try room.join(member.participant)
            room.startSubscriptions(of: member.participant)
        }
        _ = try room.publish(
            standIn.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        #expect(alice.participant.subscriptionCount == 2)
        room.withdrawTracks(of: standIn.participant)
        #expect(standIn.participant.tracks.isEmpty)
        #expect(alice.participant.subscriptionCount == 0)
        #expect(alice.link.messages.contains(.tracks(participant: standIn.participant.id, tracks: [])))
    }
}
