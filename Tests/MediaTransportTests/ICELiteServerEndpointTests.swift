import Foundation
import MediaTransport
import SDP
import Testing

/// What a client-role peer reads from an ICE-lite server's SDP, and the
/// SDPs that give it nothing to connect to.
@Suite struct ICELiteServerEndpointTests {
    static let fingerprint = (0..<32).map { String(format: "%02X", $0 * 7 % 256) }.joined(separator: ":")

    /// A server answer with one audio m-line; each part can be replaced.
    static func sdp(
        port: Int = 9, fingerprint: String = "sha-256 \(Self.fingerprint)",
        candidate: String = "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"
    ) -> String {
        [
            "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite",
            "m=audio \(port) UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:srvU", "a=ice-pwd:serverpassword0123456789", "a=fingerprint:\(fingerprint)",
            "a=setup:passive", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", candidate, "",
        ].joined(separator: "\r\n")
    }

    static func endpoint(_ text: String) throws -> ICELiteServerEndpoint {
        try ICELiteServerEndpoint(from: try SessionDescription(parsing: text))
    }

    /// The reason an unusable SDP gives (nil when it was usable after all).
    static func unusable(_ text: String) throws -> String? {
        do {
            _ = try endpoint(text)
            return nil
        } catch let error as ICELiteServerEndpoint.Unusable {
            return error.description
        }
    }

    @Test func aWellFormedAnswerGivesCredentialsAddressAndRole() throws {
        let server = try Self.endpoint(Self.sdp())
        #expect(server.credentials.ufrag == "srvU")
        #expect(server.address.port == 50_000 && server.host == "127.0.0.1")
        #expect(server.localDTLSRole == .client)
    }

    @Test func anSDPWhoseMLinesAreAllRejectedIsUnusable() throws {
        #expect(try Self.unusable(Self.sdp(port: 0)) == "no accepted m-line")
    }

    @Test func anSDPWithoutAUDPCandidateIsUnusable() throws {
        let tcpOnly = "a=candidate:1 1 tcp 1518280447 127.0.0.1 50000 typ host tcptype passive"
        #expect(try Self.unusable(Self.sdp(candidate: tcpOnly)) == "no UDP candidate")
        #expect(try Self.unusable(Self.sdp(candidate: "a=end-of-candidates")) == "no UDP candidate")
    }

    @Test(arguments: ["sha-256 AB:CD", "sha-256 \(String(Self.fingerprint.dropLast(3)))", "sha-999 \(Self.fingerprint)"])
    func aBadFingerprintIsUnusable(_ fingerprint: String) throws {
        let reason = try Self.unusable(Self.sdp(fingerprint: fingerprint))
        #expect(reason != nil, "accepted fingerprint \(fingerprint)")
    }
}
