import SDP
import Testing

/// trickle-ice-sdpfrag bodies as WHIP/WHEP clients PATCH them (RFC 8840 §9,
/// RFC 9725 §4.3.1).
@Suite("Trickle fragments")
struct TrickleFragmentTests {
    @Test func sessionCredentialsAndMediaLinesAreRead() throws {
        let fragment = try TrickleFragment(
            parsing: """
                a=ice-options:trickle ice2\r
                a=ice-ufrag:EsAw\r
                a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r
                m=audio 9 UDP/TLS/RTP/SAVPF 111\r
                a=mid:0\r
                a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0\r
                a=end-of-candidates\r

                """)
        #expect(fragment.sessionUfrag == "EsAw")
        #expect(fragment.sessionPassword == "P2uYro0UCOQ4zxjKXaWCBui1")
        #expect(fragment.media.count == 1)
        #expect(fragment.media[0].map(\.name) == ["mid", "candidate", "end-of-candidates"])
    }

    @Test func credentialsUnderTheFirstMediaLineAreFoundToo() throws {
        let fragment = try TrickleFragment(parsing: "m=video 9 UDP/TLS/RTP/SAVPF 96\na=ice-ufrag:abcd\na=ice-pwd:x\n")
        #expect(fragment.sessionUfrag == "abcd")
        #expect(fragment.sessionPassword == "x")
        #expect(fragment.attributes.isEmpty)
    }

    @Test func aFragmentWithoutCredentialsHasNone() throws {
        let fragment = try TrickleFragment(parsing: "a=end-of-candidates\r\n")
        #expect(fragment.sessionUfrag == nil)
        #expect(fragment.sessionPassword == nil)
    }

    @Test func anAttributeWhoseNameIsNoTokenIsRefusedWithItsLine() {
        #expect(throws: SDPError.badAttributeName(line: 2)) {
            try TrickleFragment(parsing: "a=ice-ufrag:abcd\na=bad name:1\n")
        }
    }
}
