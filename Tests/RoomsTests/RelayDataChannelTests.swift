import DataChannel
import NIOCore
import Rooms
import Testing

/// Data channels in a cascade (docs/protocol.md, "Cluster"): a far
/// participant's channel reaches local clients as `<its id>/<label>`, and a
/// relay pulling this node's channels gets only the local clients', never
/// what came in by another relay.
@Suite struct RelayDataChannelTests {
    typealias Peer = DataChannelRoutingTests.Peer

    @Test func aRelayGetsOnlyLocalChannelsAndClientsGetEveryones() throws {
        let room = DataChannelRoutingTests.room()
        let alice = Peer("alice"), out = Peer("c")
        let farLink = DataChannelLink()
        let far = Participant(id: "PA_far", name: "bob", link: farLink)
        far.relay = .publisher(node: "b")
        out.participant.relay = .subscriber(node: "c")
        for participant in [alice.participant, far, out.participant] { _ = try room.join(participant) }
        room.subscriberDataChannelsReady(alice.participant)
        room.subscriberDataChannelsReady(out.participant)

        room.dataChannelOpened(by: far, DataChannelRoutingTests.info(1, "chat"))
        room.dataChannelOpened(by: alice.participant, DataChannelRoutingTests.info(0, "chat"))
        #expect(alice.link.opened.map(\.label) == ["PA_far/chat"])
        #expect(out.link.opened.map(\.label) == [alice.participant.id + "/chat"])
        #expect(farLink.opened.isEmpty, "a far participant receives nothing here")

        room.dataChannelMessage(from: far, DataChannelRoutingTests.message(1, "from b"), now: DataChannelRoutingTests.now)
        room.dataChannelMessage(
            from: alice.participant, DataChannelRoutingTests.message(0, "from a"), now: DataChannelRoutingTests.now)
        #expect(alice.link.sent.map { String(buffer: $0.bytes) } == ["from b"])
        #expect(out.link.sent.map { String(buffer: $0.bytes) } == ["from a"])

        // A relay whose association comes up later still gets only local channels.
        let late = Peer("d")
        late.participant.relay = .subscriber(node: "d")
        _ = try room.join(late.participant)
        room.subscriberDataChannelsReady(late.participant)
        #expect(late.link.opened.map(\.label) == [alice.participant.id + "/chat"])

        room.leave(far)
        #expect(alice.link.closed == [alice.link.opened[0].id])
    }
}
