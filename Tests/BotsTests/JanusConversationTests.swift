@testable import Bots
import Testing

/// The Janus dialect's state machine, fed the replies Janus 1.1.2 sends.
@Suite struct JanusConversationTests {
    func reply(_ janus: String, to action: JanusConversation.Action?, sender: Int? = nil) -> JanusMessage {
        guard case .send(let request) = action else { return JanusMessage(janus: "none") }
        return JanusMessage(janus: janus, transaction: request.transaction, sessionID: request.sessionID, sender: sender)
    }

    func requests(_ actions: [JanusConversation.Action]) -> [JanusRequest] {
        actions.compactMap { if case .send(let request) = $0 { request } else { nil } }
    }

    @Test func publisherJoinsConfiguresAndStarts() throws {
        var conversation = JanusConversation(roomName: "loadtest-0", name: "pub-0-0", publishes: true, subscribes: false)
        let create = conversation.start()
        #expect(requests(create).map(\.verb) == [.create])

        var session = reply("success", to: create.first)
        session.createdID = 100
        let attach = conversation.receive(session)
        #expect(requests(attach).map(\.verb) == [.attach])

        var handle = reply("success", to: attach.first)
        handle.createdID = 200
        let createRoom = conversation.receive(handle)
        #expect(requests(createRoom).first?.body?["request"]?.stringValue == "create")
        #expect(requests(createRoom).first?.handleID == 200)

        // Another bot made the room first: 427 is fine.
        var exists = reply("success", to: createRoom.first, sender: 200)
        exists.videoRoom = VideoRoomEvent(videoroom: "event")
        exists.videoRoom?.errorCode = 427
        let join = conversation.receive(exists)
        #expect(requests(join).first?.body?["ptype"]?.stringValue == "publisher")

        var joined = JanusMessage(janus: "event", transaction: requests(join).first?.transaction, sender: 200)
        joined.videoRoom = VideoRoomEvent(videoroom: "joined")
        joined.videoRoom?.id = 777
        #expect(conversation.receive(joined) == [.joined(participant: "777"), .publish])

        let configureRequests = conversation.configure(offer: "v=0 offer")
        #expect(configureRequests.map(\.verb) == [.message, .trickle])
        let configure = try #require(configureRequests.first)
        #expect(configure.jsep == .offer("v=0 offer"))
        #expect(configure.body?["request"]?.stringValue == "configure")

        var answer = JanusMessage(janus: "event", transaction: configure.transaction, sender: 200)
        answer.videoRoom = VideoRoomEvent(videoroom: "event")
        answer.jsep = .answer("v=0 answer")
        #expect(conversation.receive(answer) == [.startPublishing(answerSDP: "v=0 answer")])
        #expect(conversation.stop().count == 1)
    }

    @Test func subscriberPollsJoinsAndFollowsNewFeeds() throws {
        var conversation = JanusConversation(roomName: "loadtest-0", name: "sub-0-0", publishes: false, subscribes: true)
        var session = reply("success", to: conversation.start().first)
        session.createdID = 100
        let attaches = conversation.receive(session)
        #expect(requests(attaches).map(\.verb) == [.attach, .attach])
        var main = reply("success", to: attaches[0])
        main.createdID = 200
        let createRoom = conversation.receive(main)
        var subscriber = reply("success", to: attaches[1])
        subscriber.createdID = 300
        #expect(conversation.receive(subscriber).isEmpty)
        var created = reply("success", to: createRoom.first, sender: 200)
        created.videoRoom = VideoRoomEvent(videoroom: "created")
        #expect(conversation.receive(created) == [.joined(participant: "100")])

        // No publisher yet: the poll finds nobody, then finds feed 11.
        let poll = conversation.tick()
        #expect(requests(poll).first?.body?["request"]?.stringValue == "listparticipants")
        #expect(conversation.tick().isEmpty, "one poll at a time")
        var listing = reply("success", to: poll.first, sender: 200)
        listing.videoRoom = VideoRoomEvent(videoroom: "participants")
        listing.videoRoom?.participants = [.init(id: 11, display: "pub-0-0", publishing: true)]
        let join = conversation.receive(listing)
        let joinRequest = try #require(requests(join).first)
        #expect(joinRequest.handleID == 300)
        #expect(joinRequest.body?["ptype"]?.stringValue == "subscriber")

        var offer = JanusMessage(janus: "event", transaction: joinRequest.transaction, sender: 300)
        offer.videoRoom = VideoRoomEvent(videoroom: "attached")
        offer.videoRoom?.streams = [.init(mid: "0", feedID: 11, active: true), .init(mid: "1", feedID: 11, active: true)]
        offer.jsep = .offer("v=0 offer")
        #expect(conversation.receive(offer) == [.answer(offerSDP: "v=0 offer", publishers: ["0": "11", "1": "11"])])
        let start = conversation.start(answer: "v=0 answer")
        #expect(start.first?.jsep == .answer("v=0 answer"))
        #expect(start.first?.body?["request"]?.stringValue == "start")
        #expect(start.map(\.verb) == [.message, .trickle])

        // A second publisher appears: added with `subscribe`, not a new join.
        let nextPoll = conversation.tick()
        var more = reply("success", to: nextPoll.first, sender: 200)
        more.videoRoom = VideoRoomEvent(videoroom: "participants")
        more.videoRoom?.participants = [
            .init(id: 11, display: "pub-0-0", publishing: true), .init(id: 12, display: "pub-0-1", publishing: true),
        ]
        let subscribe = requests(conversation.receive(more))
        #expect(subscribe.first?.body?["request"]?.stringValue == "subscribe")
        #expect(subscribe.first?.body?["streams"]?.arrayValue.compactMap { $0["feed"]?.integerValue } == [12])
    }

    @Test func keepalivesEveryTwentyFiveTicks() {
        var conversation = JanusConversation(roomName: "r", name: "p", publishes: true, subscribes: false)
        var session = reply("success", to: conversation.start().first)
        session.createdID = 1
        _ = conversation.receive(session)
        let verbs = (1...50).flatMap { _ in requests(conversation.tick()).map(\.verb) }
        #expect(verbs == [.keepalive, .keepalive])
    }
}
