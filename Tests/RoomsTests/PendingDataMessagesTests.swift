import DataChannel
import NIOCore
import Rooms
import Testing

/// Messages sent while a participant's subscribe association comes up wait
/// for it: a participant in the room gets every message sent after it joined.
@Suite struct PendingDataMessagesTests {
    typealias Peer = DataChannelRoutingTests.Peer
    static let now = DataChannelRoutingTests.now

    @Test func messagesWaitForTheReceiversAssociationAndKeepTheirOrder() throws {
        let room = DataChannelRoutingTests.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, DataChannelRoutingTests.info(0, "chat"))
        for text in ["one", "two", "three"] {
            room.dataChannelMessage(from: alice.participant, DataChannelRoutingTests.message(0, text), now: Self.now)
        }
        #expect(bob.link.sent.isEmpty, "bob's association is not up yet")

        room.subscriberDataChannelsReady(bob.participant)
        #expect(bob.link.opened.map(\.label) == [alice.participant.id + "/chat"])
        #expect(bob.link.sent.map { String(buffer: $0.bytes) } == ["one", "two", "three"])
        #expect(bob.link.sent.allSatisfy { $0.channel == bob.link.opened[0].id })
        #expect(room.counters.dataChannels.messagesOut == 3)
    }

    @Test func aClosedChannelsWaitingMessagesAreNotDelivered() throws {
        let room = DataChannelRoutingTests.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, DataChannelRoutingTests.info(0, "gone"))
        room.dataChannelMessage(from: alice.participant, DataChannelRoutingTests.message(0, "late"), now: Self.now)
        room.dataChannelClosed(by: alice.participant, id: 0)

        room.subscriberDataChannelsReady(bob.participant)
        #expect(bob.link.opened.isEmpty)
        #expect(bob.link.sent.isEmpty)
    }

    @Test func waitingIsBoundedByTheReceiverBuffer() throws {
        var limits = DataChannelLimits()
        limits.maxBufferedBytesPerReceiver = 10
        let room = DataChannelRoutingTests.room(limits)
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, DataChannelRoutingTests.info(0, "chat", .init(ordered: true, reliability: .maxRetransmits(0))))
        for text in ["12345", "67890", "overflow"] {
            room.dataChannelMessage(from: alice.participant, DataChannelRoutingTests.message(0, text), now: Self.now)
        }
        #expect(room.counters.dataChannels.droppedSlowReceiver == 1)
        room.subscriberDataChannelsReady(bob.participant)
        #expect(bob.link.sent.map { String(buffer: $0.bytes) } == ["12345", "67890"])
    }
}
