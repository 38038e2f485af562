import Foundation
import Testing
@testable import SignalingMessages

@Suite struct JSONValueTests {
    @Test func stringEscapes() throws {
        let value = JSONValue.string("q\" b\\ n\n r\r t\t \u{8}\u{C}\u{0}\u{1F} / é 😀 \u{7F}")
        let text = value.jsonText()
        #expect(text == #""q\" b\\ n\n r\r t\t \b\f\u0000\u001f / é 😀 "# + "\u{7F}\"")
        #expect(try JSONValue(parsing: Array(text.utf8)) == value)
        // Foundation agrees on what the text means.
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == "q\" b\\ n\n r\r t\t \u{8}\u{C}\u{0}\u{1F} / é 😀 \u{7F}")
    }

    @Test func keyOrderIsTypeFirstThenSorted() {
        let value = JSONValue.object(["z": .null, "type": .string("x"), "a": .bool(true), "B": .integer(-3), "m": .double(1.5)])
        #expect(value.jsonText() == #"{"type":"x","B":-3,"a":true,"m":1.5,"z":null}"#)
        #expect(JSONValue.object([:]).jsonText() == "{}")
        #expect(JSONValue.array([.array([]), .object([:])]).jsonText() == "[[],{}]")
    }

    @Test func scalarsParse() throws {
        #expect(try JSONValue(parsing: Array("null".utf8)) == .null)
        #expect(try JSONValue(parsing: Array("false".utf8)) == .bool(false))
        #expect(try JSONValue(parsing: Array("-12".utf8)) == .integer(-12))
        #expect(try JSONValue(parsing: Array("0.25".utf8)) == .double(0.25))
        #expect(try JSONValue(parsing: Array(#"[1,"a",{"k":[]}]"#.utf8)) == .array([.integer(1), .string("a"), .object(["k": .array([])])]))
    }

    @Test func nestingIsCappedAt64() throws {
        for (opener, closer) in [("[", "]"), ("{\"a\":", "}")] {
            let text = String(repeating: opener, count: 100_000)
            #expect(throws: SignalingError.malformedJSON(at: 64 * opener.utf8.count)) {
                try JSONValue(parsing: Array(text.utf8))
            }
            #expect(throws: SignalingError.malformedJSON(at: 64 * opener.utf8.count)) { try ClientMessage(parsing: text) }
            let deepest = String(repeating: opener, count: 64) + "0" + String(repeating: closer, count: 64)
            #expect(throws: Never.self) { try JSONValue(parsing: Array(deepest.utf8)) }
            let tooDeep = String(repeating: opener, count: 65) + "0" + String(repeating: closer, count: 65)
            #expect(throws: SignalingError.self) { try JSONValue(parsing: Array(tooDeep.utf8)) }
        }
    }

    /// What RFC 8259 forbids is an error, with the offset where parsing stopped.
    @Test func strictness() {
        let cases: [(String, Int)] = [
            ("", 0), ("   ", 3), ("[1,]", 3), (#"{"a":1,}"#, 7), ("[1 2]", 3), ("{\"a\" 1}", 5), ("{a:1}", 1),
            ("'x'", 0), ("tru", 0), ("trUe", 2), ("nulls", 4), ("NaN", 0), ("Infinity", 0), ("+1", 0), ("01", 1),
            ("1.", 2), (".5", 0), ("1e", 2), ("1e+", 3), ("-", 1), ("--1", 1), ("0x10", 1), ("1e400", 0),
            ("\"abc", 4), ("\"a\nb\"", 2), ("\"\\x\"", 2), ("\"\\u12\"", 3), ("\"\\ud800\"", 7),
            ("\"\\ud800\\u0041\"", 13), ("\"\\udc00\"", 7), ("[] []", 3), ("{} x", 3), ("// c\n{}", 0),
            ("\u{FEFF}{}", 0),
        ]
        for (text, offset) in cases {
            #expect(throws: SignalingError.malformedJSON(at: offset), "\(text.debugDescription)") {
                try JSONValue(parsing: Array(text.utf8))
            }
        }
        // Invalid UTF-8 inside a string, and a bare byte outside one.
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF8, 0x22], [0xFF]] {
            #expect(throws: SignalingError.malformedJSON(at: 0)) { try JSONValue(parsing: bytes) }
        }
    }

    @Test func accepted() throws {
        func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }
        #expect(try parse(" \t\r\n[ 1 , -0 , 0.5e1 , 2E-1 , -12.25 ]\n") == .array([.integer(1), .integer(0), .double(5), .double(0.2), .double(-12.25)]))
        #expect(try parse("9223372036854775807") == .integer(.max))
        #expect(try parse("-9223372036854775808") == .integer(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse(#""\/\"\\\b\f\n\r\t\u0041\u00e9\u4E2D\ud83d\ude00""#) == .string("/\"\\\u{8}\u{C}\n\r\tAé中😀"))
        #expect(try parse(#"{"a":1,"a":2}"#) == .object(["a": .integer(2)]))
        #expect(try parse(#"{ "k" : [ ] , "e" : { } }"#) == .object(["k": .array([]), "e": .object([:])]))
        #expect(try parse("\"\u{7F}é\u{10FFFF}\"") == .string("\u{7F}é\u{10FFFF}"))
    }

    @Test func frameSizeLimit() {
        #expect(FrameSizeLimit.defaultMaxBytes == 65_536)
        #expect(FrameSizeLimit.standard.maxBytes == 65_536)
        #expect(throws: Never.self) { try FrameSizeLimit.standard.check(byteCount: 65_536) }
        #expect(throws: Never.self) { try FrameSizeLimit.standard.check(byteCount: 0) }
        do {
            try FrameSizeLimit.standard.check(byteCount: 65_537)
            Issue.record("65537 bytes accepted")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.closesConnection)
            #expect(error.request == nil)
            #expect(error.reason == .tooLarge(byteCount: 65_537, limit: 65_536))
        }
        let limit = FrameSizeLimit(maxBytes: 10)
        #expect(throws: Never.self) { try limit.check(text: "0123456789") }
        // Bytes, not Characters: five 2-byte characters are 10 bytes, six are 12.
        #expect(throws: Never.self) { try limit.check(text: "ééééé") }
        #expect(throws: SignalingError.tooLarge(byteCount: 12, limit: 10)) { try limit.check(text: "éééééé") }
    }
}
