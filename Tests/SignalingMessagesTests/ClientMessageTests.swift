import Foundation
import Testing
@testable import SignalingMessages

/// Parses `text` expecting an error; fails the test when it parses.
func clientError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SignalingError? {
    do {
        let message = try ClientMessage(parsing: text)
        Issue.record("parsed unexpectedly: \(message)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func isMalformed(_ error: SignalingError) -> Bool {
    if case .malformedJSON = error.reason { error.code == .badRequest && error.request == nil } else { false }
}

@Suite struct ClientMessageTests {
    static let examples: [(ClientMessage, String)] = [
        (.join(JoinRequest(room: "demo", name: "Ann")), #"{"type":"join","name":"Ann","room":"demo"}"#),
        (
            .join(JoinRequest(room: "a_B-9", name: "Zoë 🎉", token: "e.y.J")),
            #"{"type":"join","name":"Zoë 🎉","room":"a_B-9","token":"e.y.J"}"#
        ),
        (.publish(sdp: "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n"), #"{"type":"publish","sdp":"v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n"}"#),
        (.answer(sdp: "v=0\r\n"), #"{"type":"answer","sdp":"v=0\r\n"}"#),
        (
            .candidate(
                CandidateMessage(
                    pc: .publish, candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", sdpMid: "0",
                    sdpMLineIndex: 0)),
            #"{"type":"candidate","candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host","pc":"publish","sdpMLineIndex":0,"sdpMid":"0"}"#
        ),
        (
            .candidate(CandidateMessage(pc: .subscribe, candidate: "")),
            #"{"type":"candidate","candidate":"","pc":"subscribe","sdpMLineIndex":null,"sdpMid":null}"#
        ),
        (.leave, #"{"type":"leave"}"#),
    ]

    @Test func exactJSONAndRoundTrip() throws {
        for (message, text) in Self.examples {
            #expect(message.jsonText() == text)
            #expect(try ClientMessage(parsing: text) == message)
            #expect(try ClientMessage(parsing: Array(text.utf8)) == message)
            // An independent parser reads the same thing.
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["type"] as? String == message.type)
        }
    }

    @Test func browserShapedMessagesParse() throws {
        // As a browser sends them: key order of its own, whitespace, extra fields.
        let join = try ClientMessage(parsing: #" { "room" : "r1", "type": "join", "name": "A", "client": {"ua": "x"} } "#)
        #expect(join == .join(JoinRequest(room: "r1", name: "A")))
        let candidate = try ClientMessage(
            parsing: #"{"type":"candidate","pc":"subscribe","candidate":"candidate:x","sdpMid":"1","sdpMLineIndex":1,"usernameFragment":"abcd"}"#)
        #expect(candidate == .candidate(CandidateMessage(pc: .subscribe, candidate: "candidate:x", sdpMid: "1", sdpMLineIndex: 1)))
        // Absent sdpMid / sdpMLineIndex read as null; a null token as absent.
        #expect(
            try ClientMessage(parsing: #"{"type":"candidate","pc":"publish","candidate":""}"#)
                == .candidate(CandidateMessage(pc: .publish, candidate: "")))
        #expect(
            try ClientMessage(parsing: #"{"type":"join","room":"r","name":"n","token":null}"#)
                == .join(JoinRequest(room: "r", name: "n")))
        #expect(try ClientMessage(parsing: #"{"type":"leave","reason":"bye"}"#) == .leave)
        // JSON escapes in strings.
        #expect(
            try ClientMessage(parsing: #"{"type":"join","room":"r","name":"\u00e9\ud83d\ude00"}"#)
                == .join(JoinRequest(room: "r", name: "é😀")))
    }

    @Test func malformedFramesAreBadRequestWithoutRequest() {
        let frames = [
            "", " ", "{", "}", "{\"type\":\"join\"", "nul", "[1,2", "{'type':'leave'}", "{\"type\":\"leave\",}",
            "\u{0}", "{\"type\" \"leave\"}",
        ]
        for frame in frames {
            let error = clientError(frame)
            #expect(error?.code == .badRequest, "\(frame)")
            #expect(error?.request == nil, "\(frame)")
            #expect(error.map { isMalformed($0) } == true, "\(frame)")
            #expect(error?.closesConnection == false)
        }
        // Invalid UTF-8.
        #expect(throws: SignalingError.malformedJSON(at: 1)) { try ClientMessage(parsing: [0x7B, 0x22, 0xFF, 0x22, 0x7D]) }
    }

    @Test func nonObjectsAndMissingType() {
        for frame in ["[]", "[{\"type\":\"leave\"}]", "42", "\"leave\"", "null", "true"] {
            let error = clientError(frame)
            #expect(error?.reason == .notAnObject, "\(frame)")
            #expect(error?.code == .badRequest)
            #expect(error?.request == nil)
        }
        for frame in ["{}", #"{"type":null}"#, #"{"type":1}"#, #"{"type":["join"]}"#, #"{"Type":"join"}"#] {
            let error = clientError(frame)
            #expect(error?.reason == .missingType, "\(frame)")
            #expect(error?.field == "type")
            #expect(error?.request == nil)
        }
    }

    @Test func unknownTypeCarriesTheType() {
        let error = clientError(#"{"type":"setTrackQuality","track":"t1"}"#)
        #expect(error?.code == .badRequest)
        #expect(error?.request == "setTrackQuality")
        #expect(error?.reason == .unknownType("setTrackQuality"))
        // Types are case sensitive; server message types are not client types.
        #expect(clientError(#"{"type":"Join"}"#)?.reason == .unknownType("Join"))
        #expect(clientError(#"{"type":"joined"}"#)?.request == "joined")
    }

    @Test func missingAndWronglyTypedFields() {
        let cases: [(String, request: String, field: String, SignalingError.Reason)] = [
            (#"{"type":"join","name":"n"}"#, "join", "room", .missingField("room")),
            (#"{"type":"join","room":"r"}"#, "join", "name", .missingField("name")),
            (#"{"type":"join","room":null,"name":"n"}"#, "join", "room", .missingField("room")),
            (#"{"type":"join","room":5,"name":"n"}"#, "join", "room", .wrongType(field: "room", expected: "a string", found: "number")),
            (#"{"type":"join","room":"r","name":["n"]}"#, "join", "name", .wrongType(field: "name", expected: "a string", found: "array")),
            (#"{"type":"join","room":"r","name":"n","token":7}"#, "join", "token", .wrongType(field: "token", expected: "a string or null", found: "number")),
            (#"{"type":"publish"}"#, "publish", "sdp", .missingField("sdp")),
            (#"{"type":"publish","sdp":null}"#, "publish", "sdp", .missingField("sdp")),
            (#"{"type":"publish","sdp":{"v":0}}"#, "publish", "sdp", .wrongType(field: "sdp", expected: "a string", found: "object")),
            (#"{"type":"answer","sdp":true}"#, "answer", "sdp", .wrongType(field: "sdp", expected: "a string", found: "boolean")),
            (#"{"type":"candidate","candidate":""}"#, "candidate", "pc", .missingField("pc")),
            (#"{"type":"candidate","pc":"publish"}"#, "candidate", "candidate", .missingField("candidate")),
            (#"{"type":"candidate","pc":"publish","candidate":null}"#, "candidate", "candidate", .missingField("candidate")),
            (#"{"type":"candidate","pc":1,"candidate":""}"#, "candidate", "pc", .wrongType(field: "pc", expected: "a string", found: "number")),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMid":0}"#, "candidate", "sdpMid", .wrongType(field: "sdpMid", expected: "a string or null", found: "number")),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":"0"}"#, "candidate", "sdpMLineIndex", .wrongType(field: "sdpMLineIndex", expected: "an integer or null", found: "string")),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":0.5}"#, "candidate", "sdpMLineIndex", .wrongType(field: "sdpMLineIndex", expected: "an integer or null", found: "number")),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":1e300}"#, "candidate", "sdpMLineIndex", .wrongType(field: "sdpMLineIndex", expected: "an integer or null", found: "number")),
        ]
        for (frame, request, field, reason) in cases {
            let error = clientError(frame)
            #expect(error?.code == .badRequest, "\(frame)")
            #expect(error?.request == request, "\(frame)")
            #expect(error?.field == field, "\(frame)")
            #expect(error?.reason == reason, "\(frame)")
            #expect(error?.message.contains("'\(field)'") == true, "\(frame): \(error?.message ?? "")")
        }
    }

    @Test func invalidValues() throws {
        let cases: [(String, request: String, field: String)] = [
            (#"{"type":"publish","sdp":""}"#, "publish", "sdp"),
            (#"{"type":"answer","sdp":""}"#, "answer", "sdp"),
            (#"{"type":"candidate","pc":"both","candidate":""}"#, "candidate", "pc"),
            (#"{"type":"candidate","pc":"Publish","candidate":""}"#, "candidate", "pc"),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":-1}"#, "candidate", "sdpMLineIndex"),
            (#"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":65536}"#, "candidate", "sdpMLineIndex"),
        ]
        for (frame, request, field) in cases {
            let error = clientError(frame)
            #expect(error?.code == .badRequest, "\(frame)")
            #expect(error?.request == request, "\(frame)")
            #expect(error?.reason == .invalidValue(field: field), "\(frame)")
        }
        #expect(
            try ClientMessage(parsing: #"{"type":"candidate","pc":"publish","candidate":"","sdpMLineIndex":65535}"#)
                == .candidate(CandidateMessage(pc: .publish, candidate: "", sdpMLineIndex: 65535)))
    }

    @Test func roomPattern() throws {
        func join(room: String) -> String {
            ClientMessage.join(JoinRequest(room: room, name: "n")).jsonText()
        }
        for room in ["a", "Z", "0", "_", "-", "room-1_A", String(repeating: "x", count: 64)] {
            #expect(try ClientMessage(parsing: join(room: room)) == .join(JoinRequest(room: room, name: "n")))
        }
        for room in ["", String(repeating: "x", count: 65), "a b", "a/b", "a.b", "é", "ａ", "a\u{0}", "room!", "😀"] {
            let error = clientError(join(room: room))
            #expect(error?.reason == .invalidValue(field: "room"), "\(room)")
            #expect(error?.request == "join")
            #expect(error?.code == .badRequest)
        }
    }

    @Test func nameLengthCountsCharacters() throws {
        func join(name: String) -> String {
            ClientMessage.join(JoinRequest(room: "r", name: name)).jsonText()
        }
        let accepted = [
            "a", String(repeating: "n", count: 64), String(repeating: "😀", count: 64),
            // Flags and ZWJ families are one Character each, many scalars.
            String(repeating: "🇫🇷", count: 64), String(repeating: "👨‍👩‍👧", count: 64),
            String(repeating: "e\u{301}", count: 64), " ", "名前",
        ]
        for name in accepted {
            #expect(try ClientMessage(parsing: join(name: name)) == .join(JoinRequest(room: "r", name: name)))
        }
        let rejected = [
            "", String(repeating: "n", count: 65), String(repeating: "😀", count: 65),
            String(repeating: "🇫🇷", count: 65), String(repeating: "x", count: 60_000),
            "a\nb", "tab\t", "\u{0}", "\u{7F}", "bell\u{7}", "c1\u{85}",
        ]
        for name in rejected {
            let error = clientError(join(name: name))
            #expect(error?.reason == .invalidValue(field: "name"), "\(name.debugDescription.prefix(40))")
            #expect(error?.request == "join")
        }
    }

    @Test func typeNames() {
        #expect(ClientMessage.TypeName.all == ["join", "publish", "answer", "candidate", "leave", "track-settings"])
        for (message, _) in Self.examples {
            #expect(ClientMessage.TypeName.all.contains(message.type))
        }
    }
}
