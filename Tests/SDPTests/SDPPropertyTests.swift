import SDP
import Testing
import TestSupport

/// Round trips of random sessions built from typed values, and bad input
/// (truncations, corruptions, garbage) that must never trap.
@Suite("SDP properties")
struct SDPPropertyTests {
    @Test("value -> text -> value and text -> value -> text", arguments: [1 as UInt64, 2, 3])
    func randomSessionsRoundTrip(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for index in 0..<100 {
            var generator = SessionGenerator(random: random)
            let session = generator.session()
            random = generator.random
            let text = session.serialized()
            let parsed: SessionDescription
            do {
                parsed = try SessionDescription(parsing: text)
            } catch {
                Issue.record("seed \(seed) case \(index): \(error)\n\(text)")
                continue
            }
            #expect(parsed == session, "seed \(seed) case \(index)")
            #expect(parsed.serialized() == text)
        }
    }

    @Test("typed attribute values survive their own text", arguments: [7 as UInt64, 8])
    func typedValuesRoundTrip(seed: UInt64) throws {
        var generator = SessionGenerator(random: SeededRandom(seed: seed))
        for _ in 0..<200 {
            let media = generator.media(mid: "0")
            #expect(try media.rtpMaps.map { try RTPMap(parsing: $0.attributeValue[...]) } == media.rtpMaps)
            for attribute in media.attributes {
                try generator.checkTyped(attribute)
            }
        }
    }

    static var validTexts: [String] {
        [HandWrittenSDPTests.iceLiteAnswer, Fixture.aiortcAudioVideo.text]
    }

    @Test func truncationsNeverTrap() {
        // every truncation of the hand-written answer
        let bytes = Array(HandWrittenSDPTests.iceLiteAnswer.utf8)
        var parsedPrefixes = 0
        for prefix in Mutations.truncations(of: bytes) {
            if (try? SessionDescription(parsing: prefix)) != nil { parsedPrefixes += 1 }
        }
        // a prefix ending on a line end after `t=0 0` (or mid-line in some
        // lines) is itself a valid description
        #expect(parsedPrefixes > 40)
        // the captured offers: every 37th length (debug-build parsing is slow)
        for fixture in Fixture.allCases {
            let bytes = Array(fixture.text.utf8)
            for end in stride(from: fixture.rawValue.count, to: bytes.count, by: 37) {
                _ = try? SessionDescription(parsing: bytes[..<end])
            }
        }
    }

    @Test func corruptionsAndGarbageNeverTrap() {
        var random = SeededRandom(seed: 42)
        for text in Self.validTexts + [Fixture.chromiumSimulcast.text, Fixture.firefoxSimulcast.text] {
            for corrupted in Mutations.corruptions(of: Array(text.utf8), count: 150, using: &random) {
                _ = try? SessionDescription(parsing: corrupted)
                _ = try? SessionDescription(parsing: String(decoding: corrupted, as: UTF8.self))
            }
        }
        for garbage in Mutations.garbage(count: 300, maxLength: 300, using: &random) {
            _ = try? SessionDescription(parsing: garbage)
            _ = try? SessionDescription(parsing: String(decoding: garbage, as: UTF8.self))
        }
        // garbage after a valid head reaches the line and attribute parsers
        let head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
        let letters: [String] = ["a=rtpmap:", "a=fmtp:", "a=candidate:", "a=simulcast:", "a=rid:", "a=extmap:",
                                 "a=fingerprint:", "a=ssrc:", "a=ssrc-group:", "a=rtcp-fb:", "a=group:", "a=", "m=", "c=", "b="]
        let alphabet = Array("0123456789 /:;,~=-.abcxyzAZ*\t\u{e9}".unicodeScalars)
        for index in 0..<1500 {
            let length = Int.random(in: 0...40, using: &random)
            var tail = ""
            for _ in 0..<length { tail.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)]) }
            _ = try? SessionDescription(parsing: head + letters[index % letters.count] + tail + "\r\n")
        }
    }
}
