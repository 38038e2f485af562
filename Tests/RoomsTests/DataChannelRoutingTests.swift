import DataChannel
import MediaNegotiation
import NIOCore
import Rooms
import SDP
import Testing

/// A link whose subscribe PC has data channels: records the channels the
/// room opens, the messages it forwards and the channels it closes.
final class DataChannelLink: ParticipantLink {
    struct Opened: Equatable {
        var id: UInt16
        var label: String
        var type: DataChannelType
    }

    let events = RecordingLink()
    var opened: [Opened] = []
    var sent: [(channel: UInt16, bytes: ByteBuffer, binary: Bool)] = []
    var closed: [UInt16] = []
    var buffered = 0
    var maxMessageSize = 262_144
    private var nextID: UInt16 = 1

    func deliver(_ event: RoomEvent) { events.deliver(event) }
    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool { true }
    func sendToSubscriber(rtcp packet: inout ByteBuffer) {}
    func sendToPublisher(rtcp packet: inout ByteBuffer) {}
    var subscribeTransport: ServerTransportParameters { events.subscribeTransport }

    func openForwardedChannel(label: String, protocol name: String, type: DataChannelType) -> UInt16? {
        defer { nextID += 2 }
        opened.append(Opened(id: nextID, label: label, type: type))
        return nextID
    }

    func sendForwarded(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) -> Bool {
        sent.append((channel, bytes, binary))
        return true
    }

    func closeForwardedChannel(_ channel: UInt16) { closed.append(channel) }
    var forwardedBufferedAmount: Int { buffered }
    var forwardedMaxMessageSize: Int { maxMessageSize }

    func label(of channel: UInt16) -> String? { opened.first { $0.id == channel }?.label }
}

@Suite struct DataChannelRoutingTests {
    struct Peer {
        let participant: Participant
        let link: DataChannelLink

        init(_ name: String) {
            link = DataChannelLink()
            participant = Participant(name: name, link: link)
            participant.usesDataChannels = true
        }
    }

    static let now = NIODeadline.uptimeNanoseconds(1_000_000_000)

    static func info(_ id: UInt16, _ label: String, _ type: DataChannelType = .reliableOrdered) -> DataChannelInfo {
        DataChannelInfo(id: id, label: label, protocol: "", type: type, priority: 0)
    }

    static func message(_ channel: UInt16, _ text: String, binary: Bool = false) -> DataChannelMessage {
        DataChannelMessage(channel: channel, label: "", binary: binary, bytes: ByteBuffer(string: text))
    }

    static func room(_ limits: DataChannelLimits = DataChannelLimits()) -> Room {
        Room(name: "r", limits: RoomLimits(maxParticipants: 10, dataChannels: limits))
    }

    @Test func aChannelReachesEveryOtherParticipantAsIdSlashLabel() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob"), carol = Peer("carol")
        for peer in [alice, bob, carol] { _ = try room.join(peer.participant) }
        let lossy = DataChannelType(ordered: false, reliability: .maxRetransmits(3))
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat", lossy))
        // Nothing to forward yet: bob's first subscribe offer carries the data m-line.
        let offer = try #require(bob.link.events.offers.last)
        let sdp = try SessionDescription(parsing: offer.sdp)
        #expect(sdp.media.map(\.media) == ["application"])
        #expect(sdp.media[0].maxMessageSize == 262_144)
        #expect(bob.link.opened.isEmpty)

        room.subscriberDataChannelsReady(bob.participant)
        room.subscriberDataChannelsReady(carol.participant)
        room.subscriberDataChannelsReady(alice.participant)
        #expect(bob.link.opened == [.init(id: 1, label: alice.participant.id + "/chat", type: lossy)])
        #expect(carol.link.opened.map(\.label) == [alice.participant.id + "/chat"])
        #expect(alice.link.opened.isEmpty)

        room.dataChannelMessage(from: alice.participant, Self.message(0, "hi"), now: Self.now)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "\u{1}\u{2}", binary: true), now: Self.now)
        room.dataChannelMessage(from: alice.participant, Self.message(0, ""), now: Self.now)
        for peer in [bob, carol] {
            #expect(peer.link.sent.map { String(buffer: $0.bytes) } == ["hi", "\u{1}\u{2}", ""])
            #expect(peer.link.sent.map(\.binary) == [false, true, false])
            #expect(peer.link.sent.allSatisfy { $0.channel == 1 })
        }
        #expect(alice.link.sent.isEmpty)
        #expect(room.counters.dataChannels.messagesIn == 3)
        #expect(room.counters.dataChannels.messagesOut == 6)
        #expect(room.openDataChannels == 3)
    }

    @Test func closingOrLeavingClosesTheForwards() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "a"))
        room.dataChannelOpened(by: alice.participant, Self.info(2, "b"))
        #expect(bob.link.opened.map(\.id) == [1, 3])
        room.dataChannelClosed(by: alice.participant, id: 0)
        #expect(bob.link.closed == [1])
        room.leave(alice.participant)
        #expect(bob.link.closed == [1, 3])
        #expect(room.counters.dataChannels.closedBySender == 2)
        #expect(room.openDataChannels == 0)
    }

    @Test func aLateJoinerGetsTheOpenChannels() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        _ = try room.join(alice.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        _ = try room.join(bob.participant)
        room.startSubscriptions(of: bob.participant)
        #expect(bob.link.events.offers.count == 1)
        room.subscriberDataChannelsReady(bob.participant)
        #expect(bob.link.opened.map(\.label) == [alice.participant.id + "/chat"])
    }

    @Test func messagesOverTheRateAreDroppedAndCounted() throws {
        let room = Self.room(DataChannelLimits(messagesPerSecond: 1, messageBurst: 2))
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        for _ in 0..<4 { room.dataChannelMessage(from: alice.participant, Self.message(0, "x"), now: Self.now) }
        #expect(bob.link.sent.count == 2)
        #expect(room.counters.dataChannels.droppedRateLimit == 2)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "x"), now: Self.now + .seconds(1))
        #expect(bob.link.sent.count == 3)
    }

    @Test func bytesOverTheByteRateAreDroppedAndCounted() throws {
        let room = Self.room(DataChannelLimits(bytesPerSecond: 10, byteBurst: 10))
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        for text in ["123456", "1234", "1"] {
            room.dataChannelMessage(from: alice.participant, Self.message(0, text), now: Self.now)
        }
        #expect(bob.link.sent.map { String(buffer: $0.bytes) } == ["123456", "1234"])
        #expect(room.counters.dataChannels.droppedByteRateLimit == 1)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "12345"), now: Self.now + .milliseconds(500))
        #expect(bob.link.sent.count == 3)
    }

    @Test func aSlowReceiverLosesUnreliableMessagesAndReliableChannels() throws {
        let room = Self.room(DataChannelLimits(maxBufferedBytesPerReceiver: 100))
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "reliable"))
        room.dataChannelOpened(by: alice.participant, Self.info(2, "lossy", DataChannelType(ordered: false, reliability: .lifetime(milliseconds: 50))))
        bob.link.buffered = 99
        room.dataChannelMessage(from: alice.participant, Self.message(2, "xx"), now: Self.now)
        #expect(room.counters.dataChannels.droppedSlowReceiver == 1)
        #expect(bob.link.closed.isEmpty)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "xx"), now: Self.now)
        #expect(room.counters.dataChannels.closedSlowReceiver == 1)
        #expect(bob.link.closed == [1])
        #expect(bob.link.sent.isEmpty)
        // The closed forward gets nothing more; the lossy one does once there is room.
        bob.link.buffered = 0
        room.dataChannelMessage(from: alice.participant, Self.message(0, "yy"), now: Self.now)
        room.dataChannelMessage(from: alice.participant, Self.message(2, "zz"), now: Self.now)
        #expect(bob.link.sent.map(\.channel) == [3])
    }

    @Test func aMessageLargerThanTheReceiverAcceptsIsDropped() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        bob.link.maxMessageSize = 3
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        room.dataChannelMessage(from: alice.participant, Self.message(0, "long"), now: Self.now)
        #expect(bob.link.sent.isEmpty)
        #expect(room.counters.dataChannels.droppedTooLarge == 1)
    }

    @Test func aReceiverThatClosesAForwardIsForgotten() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        room.subscriberDataChannelClosed(bob.participant, id: 1)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "x"), now: Self.now)
        #expect(bob.link.sent.isEmpty)
        #expect(room.counters.dataChannels.closedByReceiver == 1)
        // A channel the client opened on its subscribe PC is refused.
        room.subscriberOpenedDataChannel(bob.participant, Self.info(4, "mine"))
        #expect(bob.link.closed == [4])
        #expect(room.counters.dataChannels.refusedOnSubscribe == 1)
    }

    @Test func aReceiverWhoseAssociationIsNotUpGetsTheMessagesOnceItIs() throws {
        let room = Self.room(DataChannelLimits(maxBufferedBytesPerReceiver: 10))
        let alice = Peer("alice"), bob = Peer("bob"), carol = Peer("carol")
        for peer in [alice, bob, carol] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        room.subscriberDataChannelsReady(bob.participant)
        for text in ["one", "two", "three", "four"] {
            room.dataChannelMessage(from: alice.participant, Self.message(0, text), now: Self.now)
        }
        #expect(bob.link.sent.count == 4)
        #expect(carol.link.sent.isEmpty)
        // Held for carol within the byte bound (10); "three" outgrew it:
        // everything held is dropped, and nothing more until she is up.
        #expect(room.counters.dataChannels.droppedNoChannel == 4)
        room.subscriberDataChannelsReady(carol.participant)
        #expect(carol.link.opened.map(\.label) == [alice.participant.id + "/chat"])
        #expect(carol.link.sent.isEmpty)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "five"), now: Self.now)
        #expect(carol.link.sent.map { String(buffer: $0.bytes) } == ["five"])
    }

    @Test func heldMessagesArriveInOrderOnceTheReceiverIsUp() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, Self.info(0, "a"))
        room.dataChannelOpened(by: alice.participant, Self.info(2, "b"))
        room.dataChannelMessage(from: alice.participant, Self.message(0, "1"), now: Self.now)
        room.dataChannelMessage(from: alice.participant, Self.message(2, "2", binary: true), now: Self.now)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "3"), now: Self.now)
        room.subscriberDataChannelsReady(bob.participant)
        let ids = Dictionary(uniqueKeysWithValues: bob.link.opened.map { ($0.label, $0.id) })
        let a = try #require(ids[alice.participant.id + "/a"]), b = try #require(ids[alice.participant.id + "/b"])
        #expect(bob.link.sent.map(\.channel) == [a, b, a])
        #expect(bob.link.sent.map { String(buffer: $0.bytes) } == ["1", "2", "3"])
        #expect(bob.link.sent.map(\.binary) == [false, true, false])
        #expect(room.counters.dataChannels.droppedNoChannel == 0)
    }

    @Test func aReceiverThatRejectsTheDataMLineGetsNothingHeld() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        room.dataChannelMessage(from: alice.participant, Self.message(0, "held"), now: Self.now)
        let offer = try SessionDescription(parsing: try #require(bob.link.events.offers.last).sdp)
        let answer = SubscribeAnswerBuilder(
            ufrag: "cli1", password: "clientpassword0123456789",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x33, count: 32))
        ).answer(offer, sessionID: 1)
        #expect(answer.media.map(\.port) == [0])
        try room.applyAnswer(bob.participant, answer: answer, now: Self.now)
        #expect(room.counters.dataChannels.droppedNoChannel == 1)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "more"), now: Self.now)
        #expect(room.counters.dataChannels.droppedNoChannel == 2)
        #expect(bob.link.sent.isEmpty)
    }

    @Test func nothingIsHeldForAReceiverWhoseAssociationEnded() throws {
        let room = Self.room()
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.subscriberDataChannelsReady(bob.participant)
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        room.subscribeDataChannelsEnded(bob.participant)
        room.dataChannelMessage(from: alice.participant, Self.message(0, "x"), now: Self.now)
        #expect(bob.link.sent.isEmpty)
        #expect(room.counters.dataChannels.droppedNoChannel == 1)
        #expect(room.openDataChannels == 1)
    }

    @Test func participantsWithoutDataChannelsGetNoDataMLine() throws {
        let room = Self.room(DataChannelLimits(enabled: false))
        let alice = Peer("alice"), bob = Peer("bob")
        for peer in [alice, bob] { _ = try room.join(peer.participant) }
        room.dataChannelOpened(by: alice.participant, Self.info(0, "chat"))
        #expect(bob.link.events.offers.isEmpty)
    }
}
