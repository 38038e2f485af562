import SDP
import Testing

/// Each refusal names the right line and the right problem.
@Suite("SDP errors")
struct SDPErrorTests {
    static let head = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n"

    static func error(_ text: String) -> SDPError? {
        do {
            _ = try SessionDescription(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func structure() {
        #expect(Self.error("") == .empty)
        #expect(Self.error("\r\n\n") == .empty)
        #expect(Self.error("o=- 1 2 IN IP4 127.0.0.1\n") == .missingVersion(line: 1))
        #expect(Self.error("hello\n") == .missingVersion(line: 1))
        #expect(Self.error("v=1\n") == .unsupportedVersion(line: 1))
        #expect(Self.error("v=0\nhello\n") == .lineWithoutEquals(line: 2))
        #expect(Self.error("v=0\no =- 1 2 IN IP4 127.0.0.1\n") == .lineWithoutEquals(line: 2))
        #expect(Self.error("v=0\nO=- 1 2 IN IP4 127.0.0.1\n") == .badTypeLetter(line: 2))
        #expect(Self.error(Self.head + "x=unknown\n") == .unknownLineType(line: 5, letter: "x"))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP 0\ny=1\n") == .unknownLineType(line: 6, letter: "y"))
        #expect(Self.error(Self.head + "a=x\nt=0 0\n") == .outOfOrder(line: 6, letter: "t"))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP 0\nt=0 0\n") == .outOfOrder(line: 6, letter: "t"))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP 0\na=x\nc=IN IP4 127.0.0.1\n") == .outOfOrder(line: 7, letter: "c"))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\ni=a\nr=1\n") == .outOfOrder(line: 5, letter: "r"))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\no=- 1 2 IN IP4 127.0.0.1\n") == .duplicateLine(line: 3, letter: "o"))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP 0\ni=a\ni=b\n") == .duplicateLine(line: 7, letter: "i"))
        #expect(Self.error("v=0\ns=-\nt=0 0\n") == .missingLine(line: 2, letter: "o"))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\nt=0 0\n") == .missingLine(line: 3, letter: "s"))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nm=audio 9 RTP/AVP 0\n") == .missingLine(line: 4, letter: "t"))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\n") == .missingLine(line: 4, letter: "t"))
        #expect(Self.error(Self.head + "\na=x\n") == .emptyLine(line: 5))
        #expect(Self.error(Self.head + "a=x\0y\n") == .badCharacter(line: 5))
        #expect(Self.error(Self.head + "a=x\ry\n") == .badCharacter(line: 5))
        #expect(throws: SDPError.invalidUTF8) { try SessionDescription(parsing: [0x76, 0x3D, 0x30, 0x0A, 0xFF]) }
    }

    @Test func lenientOnLineEnds() throws {
        // no final line end, trailing blank lines, mixed CRLF/LF
        let mixed = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\ns=-\r\nt=0 0\r\n\r\n\n"
        let parsed = try SessionDescription(parsing: mixed)
        #expect(try SessionDescription(parsing: "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0") == parsed)
        #expect(parsed.serialized() == "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
        // t= / r= pairs repeat
        let timed = try SessionDescription(parsing: Self.head + "r=7d 1h 0 25h\nt=1 2\nr=1 1 0\nr=2 2 0\nz=0 -1h\n")
        #expect(timed.timings.map(\.repeats) == [["7d 1h 0 25h"], ["1 1 0", "2 2 0"]])
        #expect(timed.timeZones == "0 -1h")
    }

    @Test func lines() {
        #expect(Self.error("v=0\no=- 1 2 IN IP4\n") == .badOrigin(line: 2))
        #expect(Self.error("v=0\no=- x 2 IN IP4 127.0.0.1\n") == .badOrigin(line: 2))
        #expect(Self.error("v=0\no=- 1 18446744073709551616 IN IP4 127.0.0.1\n") == .badOrigin(line: 2))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nc=IN IP4\n") == .badConnection(line: 4))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nb=AS\n") == .badBandwidth(line: 4))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nb=AS:x\n") == .badBandwidth(line: 4))
        #expect(Self.error("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0\n") == .badTiming(line: 4))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP\n") == .badMediaLine(line: 5))
        #expect(Self.error(Self.head + "m=audio 70000 RTP/AVP 0\n") == .badPort(line: 5))
        #expect(Self.error(Self.head + "m=audio 9/x RTP/AVP 0\n") == .badPort(line: 5))
        #expect(Self.error(Self.head + "m=audio -9 RTP/AVP 0\n") == .badPort(line: 5))
        #expect(Self.error(Self.head + "m=audio 9 RTP/AVP 0\nc=IN IP4 0.0.0.0\nb=TIAS:x\n") == .badBandwidth(line: 7))
    }

    @Test func attributes() {
        let media = Self.head + "m=video 9 UDP/TLS/RTP/SAVPF 96\n"
        #expect(Self.error(Self.head + "a=\n") == .badAttributeName(line: 5))
        #expect(Self.error(Self.head + "a=:x\n") == .badAttributeName(line: 5))
        #expect(Self.error(Self.head + "a=two words:x\n") == .badAttributeName(line: 5))
        #expect(Self.error(media + "a=rtpmap:200 VP8/90000\n") == .badAttribute(line: 6, name: "rtpmap", .badNumber("payload type")))
        #expect(Self.error(media + "a=rtpmap\n") == .badAttribute(line: 6, name: "rtpmap", .missingValue))
        #expect(Self.error(media + "a=rtpmap:96 VP8\n") == .badAttribute(line: 6, name: "rtpmap", .missingField("clock rate")))
        #expect(Self.error(media + "a=mid:0\na=fingerprint:sha-256 ZZ\n") == .badAttribute(line: 7, name: "fingerprint", .badValue("fingerprint")))
        #expect(Self.error(media + "a=setup:server\n") == .badAttribute(line: 6, name: "setup", .badValue("setup role")))
        #expect(Self.error(media + "a=extmap:0 urn:x\n") == .badAttribute(line: 6, name: "extmap", .badNumber("id")))
        #expect(Self.error(media + "a=candidate:1 1 udp 1 127.0.0.1 1\n") == .badAttribute(line: 6, name: "candidate", .missingField("candidate type")))
        #expect(Self.error(media + "a=rid:q both\n") == .badAttribute(line: 6, name: "rid", .badValue("direction")))
        #expect(Self.error(media + "a=simulcast:send\n") == .badAttribute(line: 6, name: "simulcast", .missingField("direction")))
        #expect(Self.error(media + "a=ssrc:x cname:y\n") == .badAttribute(line: 6, name: "ssrc", .badNumber("ssrc")))
        #expect(Self.error(media + "a=ssrc-group:FID\n") == .badAttribute(line: 6, name: "ssrc-group", .missingField("ssrc")))
        #expect(Self.error(media + "a=mid\n") == .badAttribute(line: 6, name: "mid", .missingValue))
        #expect(Self.error(media + "a=sctp-port:65536\n") == .badAttribute(line: 6, name: "sctp-port", .badNumber("sctp-port")))
        #expect(Self.error(media + "a=rtcp-fb:96\n") == .badAttribute(line: 6, name: "rtcp-fb", .missingField("feedback type")))
        // unknown attributes, with or without values, pass untouched
        #expect(Self.error(media + "a=x-unknown:anything at all: 1;2\na=flag\n") == nil)
    }
}
