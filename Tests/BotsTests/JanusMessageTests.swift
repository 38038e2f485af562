@testable import Bots
import SignalingMessages
import Testing

/// Janus's VideoRoom API as the bots write and read it, checked against
/// messages captured from Janus 1.1.2 (no server needed).
@Suite struct JanusMessageTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    @Test func requestsCarryTheirIDs() throws {
        let attach = try parse(JanusRequest.attach(session: 5_265_262_247_033_544, transaction: "t2").jsonText())
        #expect(attach["janus"]?.stringValue == "attach")
        #expect(attach["transaction"]?.stringValue == "t2")
        #expect(attach["session_id"]?.integerValue == 5_265_262_247_033_544)
        #expect(attach["plugin"]?.stringValue == "janus.plugin.videoroom")
        #expect(attach["handle_id"] == nil)

        let keepalive = try parse(JanusRequest.keepalive(session: 7, transaction: "t9").jsonText())
        #expect(keepalive["janus"]?.stringValue == "keepalive")
        let end = try parse(JanusRequest.endOfCandidates(session: 7, handle: 8, transaction: "t10").jsonText())
        #expect(end["candidate"]?["completed"]?.boolValue == true)
        #expect(end["handle_id"]?.integerValue == 8)
    }

    @Test func configureCarriesTheOfferAsJSEP() throws {
        let request = JanusRequest.message(
            session: 1, handle: 2, body: .configure, jsep: .offer("v=0\r\n"), transaction: "t3")
        let value = try parse(request.jsonText())
        #expect(value["janus"]?.stringValue == "message")
        #expect(value["body"]?["request"]?.stringValue == "configure")
        #expect(value["jsep"]?["type"]?.stringValue == "offer")
        #expect(value["jsep"]?["sdp"]?.stringValue == "v=0\r\n")
    }

    @Test func videoRoomBodies() throws {
        let join = VideoRoomRequest.joinSubscriber(room: 42, feeds: [11, 12]).jsonValue
        #expect(join["ptype"]?.stringValue == "subscriber")
        #expect(join["streams"]?.arrayValue.compactMap { $0["feed"]?.integerValue } == [11, 12])
        let create = VideoRoomRequest.create(room: 42, description: "x", publishers: 100).jsonValue
        #expect(create["request"]?.stringValue == "create")
        #expect(create["bitrate"]?.integerValue == 0)
        #expect(VideoRoomRequest.joinPublisher(room: 42, display: "pub-0-0").jsonValue["ptype"]?.stringValue == "publisher")
        #expect(VideoRoomRequest.listParticipants(room: 42).jsonValue["request"]?.stringValue == "listparticipants")
    }

    @Test func readsSuccessAndErrors() throws {
        let created = try JanusMessage(parsing: #"{"janus": "success", "transaction": "a", "data": {"id": 5265262247033544}}"#)
        #expect(created.janus == "success")
        #expect(created.createdID == 5_265_262_247_033_544)

        let exists = try JanusMessage(
            parsing: #"{"janus": "success", "session_id": 1, "transaction": "c2", "sender": 2, "plugindata": {"plugin": "janus.plugin.videoroom", "data": {"videoroom": "event", "error_code": 427, "error": "Room 42 already exists"}}}"#)
        #expect(exists.videoRoom?.errorCode == 427)
        #expect(exists.sender == 2)

        let error = try JanusMessage(parsing: #"{"janus": "error", "transaction": "x", "error": {"code": 458, "reason": "No such session"}}"#)
        #expect(error.errorCode == 458)
        #expect(error.errorReason == "No such session")

        #expect(throws: JanusMessage.ParseError.notJSON) { try JanusMessage(parsing: "{") }
        #expect(throws: JanusMessage.ParseError.notJanus) { try JanusMessage(parsing: #"{"type": "joined"}"#) }
    }

    @Test func readsParticipantsAndSubscriberStreams() throws {
        let participants = try JanusMessage(
            parsing: #"{"janus": "success", "transaction": "d", "plugindata": {"plugin": "janus.plugin.videoroom", "data": {"videoroom": "participants", "room": 42, "participants": [{"id": 7031487300822230, "display": "pub", "publisher": true}, {"id": 9, "publisher": false}]}}}"#)
        #expect(
            participants.videoRoom?.participants == [
                .init(id: 7_031_487_300_822_230, display: "pub", publishing: true), .init(id: 9, display: nil, publishing: false),
            ])

        let attached = try JanusMessage(
            parsing: #"{"janus": "event", "sender": 3, "transaction": "t5", "plugindata": {"plugin": "janus.plugin.videoroom", "data": {"videoroom": "attached", "room": 42, "streams": [{"type": "audio", "active": true, "mid": "0", "mindex": 0, "feed_id": 11, "feed_display": "pub-0-0", "feed_mid": "0"}, {"type": "video", "active": false, "mid": "1", "mindex": 1}]}}, "jsep": {"type": "offer", "sdp": "v=0"}}"#)
        #expect(attached.jsep == .offer("v=0"))
        #expect(attached.videoRoom?.streams == [.init(mid: "0", feedID: 11, active: true), .init(mid: "1", feedID: nil, active: false)])
    }

    @Test func roomIDsAreStablePositiveAndDistinct() {
        let first = JanusConversation.roomID(for: "loadtest-0")
        #expect(first == JanusConversation.roomID(for: "loadtest-0"))
        #expect(first > 0 && first <= Int(Int32.max))
        #expect(first != JanusConversation.roomID(for: "loadtest-1"))
    }
}
