import Rooms
import SignalingMessages
import Testing

@testable import SignalingServer

/// A relay hears which participants of the far room came in by another
/// relay (`relay` on participant entries), so it mirrors only that node's
/// own clients; a client's messages stay as the contract has them.
@Suite struct RelayRosterMessageTests {
    static let relayed = ParticipantSnapshot(id: "PA_far", name: "carol", relayedFrom: "c")
    static let own = ParticipantSnapshot(id: "PA_own", name: "bob")

    @Test func aRelayHearsWhereAParticipantCameFrom() throws {
        let message = ServerMessage(.participantJoined(Self.relayed), toRelay: true)
        #expect(message == .participantJoined(ParticipantInfo(id: "PA_far", name: "carol", relay: "c")))
        #expect(try ServerMessage(parsing: message.jsonText()) == message)
        #expect(ServerMessage(.participantJoined(Self.own), toRelay: true)
            == .participantJoined(ParticipantInfo(id: "PA_own", name: "bob")))
        let summary = ParticipantSummary(MemberSnapshot(participant: Self.relayed, tracks: []), toRelay: true)
        #expect(summary.relay == "c")
    }

    @Test func aClientNeverDoes() {
        let message = ServerMessage(.participantLeft(Self.relayed))
        #expect(message == .participantLeft(ParticipantInfo(id: "PA_far", name: "carol")))
        #expect(!message.jsonText().contains("relay"))
        #expect(ParticipantSummary(MemberSnapshot(participant: Self.relayed, tracks: [])).relay == nil)
    }

    @Test func aRelayPublisherSaysWhichNode() {
        let participant = Participant(id: "PA_far", name: "carol", link: nil)
        #expect(participant.snapshot.relayedFrom == nil)
        participant.relay = .publisher(node: "c")
        #expect(participant.snapshot == Self.relayed)
        participant.relay = .subscriber(node: "c")
        #expect(participant.snapshot.relayedFrom == nil)
    }
}
