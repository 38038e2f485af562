import MediaNegotiation
import Rooms
import SDP
import Testing

/// A far participant keeps its id and its tracks' ids on every node of a
/// cascade (docs/protocol.md, "Cluster"), so clients anywhere address it
/// alike; an id the room holds already is refused, never shared.
@Suite struct RelayIdentityTests {
    private func farMember(id: String, name: String, node: String = "b") -> Member {
        let link = RecordingLink()
        let participant = Participant(id: id, name: name, link: link)
        participant.relay = .publisher(node: node)
        return Member(participant: participant, link: link)
    }

    @Test func aFarParticipantKeepsItsIdAndItsTracksIds() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), far = farMember(id: "PA_far000000001", name: "bob")
        _ = try room.join(alice.participant)
        room.startSubscriptions(of: alice.participant)
        _ = try room.join(far.participant)
        #expect(alice.link.messages.contains(.participantJoined(far.participant.snapshot)))
        #expect(far.participant.snapshot.id == "PA_far000000001")
        let (_, tracks) = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences(), trackIDs: ["0": "TR_faraudio0001", "1": "TR_farvideo0001"])
        #expect(tracks.map(\.id) == ["TR_faraudio0001", "TR_farvideo0001"])
        #expect(Set(try #require(alice.link.offers.last).tracks.map(\.id)) == ["TR_faraudio0001", "TR_farvideo0001"])

        // A renegotiation that names another track for a mid replaces it.
        _ = try room.publish(
            far.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences(), trackIDs: ["0": "TR_faraudio0001", "1": "TR_farvideo0002"])
        #expect(far.participant.tracks.map(\.id) == ["TR_faraudio0001", "TR_farvideo0002"])
    }

    @Test func aClientCannotChooseItsTrackIds() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice")
        _ = try room.join(alice.participant)
        let (_, tracks) = try room.publish(
            alice.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences(), trackIDs: ["0": "TR_chosen000001"])
        #expect(!tracks.map(\.id).contains("TR_chosen000001"))
    }

    @Test func anIdTheRoomHoldsIsRefusedAndATakenTrackIdReplaced() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let first = farMember(id: "PA_same00000001", name: "bob", node: "b")
        let again = farMember(id: "PA_same00000001", name: "bob", node: "c")
        _ = try room.join(first.participant)
        #expect(throws: RoomError.duplicateParticipant("PA_same00000001")) { _ = try room.join(again.participant) }
        #expect(room.participants.count == 1)

        let other = farMember(id: "PA_other0000001", name: "carol", node: "c")
        _ = try room.join(other.participant)
        let given = ["0": "TR_taken0000001", "1": "TR_taken0000002"]
        _ = try room.publish(
            first.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences(), trackIDs: given)
        let (_, tracks) = try room.publish(
            other.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences(), trackIDs: given)
        #expect(Set(tracks.map(\.id)).isDisjoint(with: given.values))
        #expect(Set(room.publishedTracks.map(\.id)).count == 4)
    }
}
