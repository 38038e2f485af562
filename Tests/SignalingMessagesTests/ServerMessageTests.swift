import Foundation
import Testing
@testable import SignalingMessages

@Suite struct ServerMessageTests {
    static let audio = TrackInfo(id: "t1", kind: .audio, participant: "p2")
    static let video = TrackInfo(id: "t2", kind: .video, participant: "p2", mid: "1")

    static let examples: [(ServerMessage, String)] = [
        (
            .joined(
                participant: ParticipantInfo(id: "p1", name: "Ann"),
                participants: [ParticipantSummary(id: "p2", name: "Bob", tracks: [audio])],
                iceServers: [ICEServer(urls: ["stun:127.0.0.1:3478"])]),
            #"{"type":"joined","iceServers":[{"urls":["stun:127.0.0.1:3478"]}],"participant":{"id":"p1","name":"Ann"},"participants":[{"id":"p2","name":"Bob","tracks":[{"id":"t1","kind":"audio","participant":"p2"}]}]}"#
        ),
        (
            .joined(participant: ParticipantInfo(id: "p1", name: "Ann"), participants: [], iceServers: []),
            #"{"type":"joined","iceServers":[],"participant":{"id":"p1","name":"Ann"},"participants":[]}"#
        ),
        (
            .published(sdp: "v=0\r\n", tracks: [TrackInfo(id: "t9", kind: .video, participant: "p1", mid: "0")]),
            #"{"type":"published","sdp":"v=0\r\n","tracks":[{"id":"t9","kind":"video","mid":"0","participant":"p1"}]}"#
        ),
        (
            .offer(sdp: "v=0\r\n", tracks: [video]),
            #"{"type":"offer","sdp":"v=0\r\n","tracks":[{"id":"t2","kind":"video","mid":"1","participant":"p2"}]}"#
        ),
        (
            .participantJoined(ParticipantInfo(id: "p3", name: "Cy")),
            #"{"type":"participant-joined","participant":{"id":"p3","name":"Cy"}}"#
        ),
        (
            .participantLeft(ParticipantInfo(id: "p3", name: "Cy")),
            #"{"type":"participant-left","participant":{"id":"p3","name":"Cy"}}"#
        ),
        (
            .tracks(participant: "p2", tracks: [audio, video]),
            #"{"type":"tracks","participant":"p2","tracks":[{"id":"t1","kind":"audio","participant":"p2"},{"id":"t2","kind":"video","mid":"1","participant":"p2"}]}"#
        ),
        (.tracks(participant: "p2", tracks: []), #"{"type":"tracks","participant":"p2","tracks":[]}"#),
        (
            .error(ErrorReport(code: .badSDP, message: "no m-line", request: "publish")),
            #"{"type":"error","code":"bad-sdp","message":"no m-line","request":"publish"}"#
        ),
        (
            .error(ErrorReport(code: .badRequest, message: "malformed JSON")),
            #"{"type":"error","code":"bad-request","message":"malformed JSON"}"#
        ),
        (
            .recording(RecordingStatus(state: .started, room: "r1", id: "20250101T120000.000Z")),
            #"{"type":"recording","id":"20250101T120000.000Z","room":"r1","state":"started"}"#
        ),
        (
            .recording(RecordingStatus(state: .failed, room: "r1", id: "x", error: "cannot create directory d: Permission denied (errno 13)")),
            #"{"type":"recording","error":"cannot create directory d: Permission denied (errno 13)","id":"x","room":"r1","state":"failed"}"#
        ),
    ]

    @Test func exactJSONAndRoundTrip() throws {
        for (message, text) in Self.examples {
            #expect(message.jsonText() == text)
            #expect(try ServerMessage(parsing: text) == message)
            #expect(try ServerMessage(parsing: Array(text.utf8)) == message)
        }
    }

    /// The key names of docs/protocol.md, read back by an independent parser.
    @Test func keyNamesAsProtocolNamesThem() throws {
        func object(_ message: ServerMessage) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(message.jsonText().utf8)) as? [String: Any])
        }
        let joined = try object(Self.examples[0].0)
        #expect(Set(joined.keys) == ["type", "participant", "participants", "iceServers"])
        let servers = try #require(joined["iceServers"] as? [[String: Any]])
        #expect(servers.first?["urls"] as? [String] == ["stun:127.0.0.1:3478"])
        let others = try #require(joined["participants"] as? [[String: Any]])
        #expect(Set(others[0].keys) == ["id", "name", "tracks"])
        let track = try #require((others[0]["tracks"] as? [[String: Any]])?.first)
        #expect(Set(track.keys) == ["id", "kind", "participant"])

        let offer = try object(Self.examples[3].0)
        #expect(Set(offer.keys) == ["type", "sdp", "tracks"])
        #expect((offer["tracks"] as? [[String: Any]])?.first?["mid"] as? String == "1")

        #expect(try object(.participantJoined(ParticipantInfo(id: "a", name: "b")))["type"] as? String == "participant-joined")
        #expect(try object(.participantLeft(ParticipantInfo(id: "a", name: "b")))["type"] as? String == "participant-left")
        let tracks = try object(.tracks(participant: "p", tracks: []))
        #expect(tracks["participant"] as? String == "p")
        let error = try object(.error(ErrorReport(code: .tooLarge, message: "m", request: "join")))
        #expect(Set(error.keys) == ["type", "code", "message", "request"])
        #expect(error["code"] as? String == "too-large")
    }

    @Test func errorCodesAndClosing() throws {
        let codes: [(SignalingErrorCode, String, Bool)] = [
            (.badRequest, "bad-request", false), (.badSDP, "bad-sdp", false), (.unauthorized, "unauthorized", true),
            (.roomFull, "room-full", false), (.tooLarge, "too-large", true), (.internalError, "internal", false),
        ]
        for (code, raw, closes) in codes {
            #expect(code.rawValue == raw)
            #expect(code.closesConnection == closes)
            #expect(SignalingError(code: code, message: "m").closesConnection == closes)
            #expect(ErrorReport(code: code, message: "m").closesConnection == closes)
        }
        // A code added later still parses on the client side.
        #expect(
            try ServerMessage(parsing: #"{"type":"error","code":"slow-down","message":"m"}"#)
                == .error(ErrorReport(code: SignalingErrorCode(rawValue: "slow-down"), message: "m")))
    }

    @Test func errorMessageFromThrownError() throws {
        do {
            _ = try ClientMessage(parsing: #"{"type":"publish","sdp":""}"#)
            Issue.record("empty sdp parsed")
        } catch {
            let message = ServerMessage.error(error)
            #expect(message == .error(ErrorReport(code: .badRequest, message: error.message, request: "publish")))
            #expect(message.jsonText().hasPrefix(#"{"type":"error","code":"bad-request","message":"field 'sdp'"#))
        }
        let report = ErrorReport(SignalingError(code: .roomFull, message: "room r is full", request: "join"))
        #expect(report == ErrorReport(code: .roomFull, message: "room r is full", request: "join"))
    }

    @Test func decodingErrorsNameTheNestedField() {
        let cases: [(String, request: String, SignalingError.Reason)] = [
            (#"{"type":"joined","participants":[],"iceServers":[]}"#, "joined", .missingField("participant")),
            (#"{"type":"joined","participant":"p1","participants":[],"iceServers":[]}"#, "joined",
             .wrongType(field: "participant", expected: "an object", found: "string")),
            (#"{"type":"joined","participant":{"id":"p1","name":"A"},"participants":[{"id":"p2","name":"B","tracks":[{"id":"t","kind":"data","participant":"p2"}]}],"iceServers":[]}"#,
             "joined", .invalidValue(field: "participants[0].tracks[0].kind")),
            (#"{"type":"joined","participant":{"id":"p1","name":"A"},"participants":[],"iceServers":[{"urls":"stun:x"}]}"#,
             "joined", .wrongType(field: "iceServers[0].urls", expected: "an array", found: "string")),
            (#"{"type":"joined","participant":{"id":"p1","name":"A"},"participants":[],"iceServers":[{"urls":[1]}]}"#,
             "joined", .wrongType(field: "iceServers[0].urls[0]", expected: "a string", found: "number")),
            (#"{"type":"joined","participant":{"id":"p1","name":"A"},"participants":[7],"iceServers":[]}"#,
             "joined", .wrongType(field: "participants[0]", expected: "an object", found: "number")),
            (#"{"type":"offer","sdp":"v=0","tracks":[{"id":"t","kind":"audio"}]}"#, "offer", .missingField("tracks[0].participant")),
            (#"{"type":"published","sdp":"v=0"}"#, "published", .missingField("tracks")),
            (#"{"type":"tracks","participant":{"id":"p"},"tracks":[]}"#, "tracks",
             .wrongType(field: "participant", expected: "a string", found: "object")),
            (#"{"type":"participant-left","participant":{"id":"p"}}"#, "participant-left", .missingField("participant.name")),
            (#"{"type":"error","message":"m"}"#, "error", .missingField("code")),
            (#"{"type":"welcome"}"#, "welcome", .unknownType("welcome")),
        ]
        for (frame, request, reason) in cases {
            do {
                let message = try ServerMessage(parsing: frame)
                Issue.record("parsed unexpectedly: \(message)")
            } catch {
                #expect(error.code == .badRequest, "\(frame)")
                #expect(error.request == request, "\(frame)")
                #expect(error.reason == reason, "\(frame)")
            }
        }
    }

    @Test func typeNames() {
        #expect(
            ServerMessage.TypeName.all
                == [
                    "joined", "published", "offer", "participant-joined", "participant-left", "tracks", "error",
                    "track-paused", "track-resumed", "active-speaker", "layers-wanted", "recording", "redirect",
                ])
        for (message, _) in Self.examples {
            #expect(ServerMessage.TypeName.all.contains(message.type))
        }
    }

    @Test func iceServerCredentialsAreOptional() throws {
        let server = ICEServer(urls: ["turn:t.example:3478", "turns:t.example:5349"], username: "u", credential: "c")
        let message = ServerMessage.joined(participant: ParticipantInfo(id: "p", name: "n"), participants: [], iceServers: [server])
        #expect(message.jsonText().contains(#"{"credential":"c","urls":["turn:t.example:3478","turns:t.example:5349"],"username":"u"}"#))
        #expect(try ServerMessage(parsing: message.jsonText()) == message)
    }
}
