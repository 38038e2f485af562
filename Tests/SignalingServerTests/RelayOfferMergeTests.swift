import SDP
import SignalingMessages
import Testing

@testable import SignalingServer

/// The far node's subscribe offer to a relay, as the pulling node
/// publishes it: one m-line per simulcast layer becomes one track with an
/// `ssrc-group:SIM`; other m-lines pass unchanged.
@Suite struct RelayOfferMergeTests {
    static func section(mid: String, kind: String, ssrc: UInt32, rtx: UInt32) -> String {
        """
        m=\(kind) 9 UDP/TLS/RTP/SAVPF 96 97\r
        c=IN IP4 0.0.0.0\r
        a=mid:\(mid)\r
        a=sendonly\r
        a=rtpmap:96 VP8/90000\r
        a=rtpmap:97 rtx/90000\r
        a=fmtp:97 apt=96\r
        a=ssrc-group:FID \(ssrc) \(rtx)\r
        a=ssrc:\(ssrc) cname:far\r
        a=ssrc:\(rtx) cname:far\r

        """
    }

    static let offer = """
        v=0\r
        o=- 1 1 IN IP4 127.0.0.1\r
        s=-\r
        t=0 0\r
        a=group:BUNDLE 0 1 2 3\r

        """
        + section(mid: "0", kind: "audio", ssrc: 10, rtx: 11)
        + section(mid: "1", kind: "video", ssrc: 20, rtx: 21)
        + section(mid: "2", kind: "video", ssrc: 30, rtx: 31)
        + section(mid: "3", kind: "video", ssrc: 40, rtx: 41)

    static func info(_ id: String, _ mid: String, _ kind: TrackKind) -> TrackInfo {
        TrackInfo(id: id, kind: kind, participant: "P", mid: mid)
    }

    @Test func layerMLinesBecomeOneSimulcastTrack() throws {
        let offer = try SessionDescription(parsing: Self.offer)
        let tracks = [
            Self.info("A", "0", .audio), Self.info("V#q", "1", .video), Self.info("V#h", "2", .video),
            Self.info("V#f", "3", .video),
        ]
        let merged = RelayOfferMerge.publishOffer(from: offer, tracks: tracks)
        #expect(merged.media.count == 4)
        #expect(merged.media[0] == offer.media[0], "a track without layers is unchanged")
        #expect(merged.media[1].simulcastSSRCs == [20, 30, 40])
        #expect(merged.media[1].rtxSSRCs == [20: 21, 30: 31, 40: 41])
        #expect(merged.media[2].isRejected && merged.media[3].isRejected)
        #expect(merged.media[2].mid == "2" && merged.media[2].ssrcs.isEmpty)
    }

    @Test func anOfferWithoutLayersIsUnchanged() throws {
        let offer = try SessionDescription(parsing: Self.offer)
        let tracks = ["0", "1", "2", "3"].map { Self.info("T\($0)", $0, $0 == "0" ? .audio : .video) }
        #expect(RelayOfferMerge.publishOffer(from: offer, tracks: tracks) == offer)
    }

    @Test func relayTokensBindTheNodeAndTheRoom() async throws {
        let tokens = await RelayTokens(secret: String(repeating: "k", count: 32))
        let token = try await tokens.sign(relay: "b", room: "standup")
        #expect(await tokens.verify(token, relay: "b", room: "standup"))
        #expect(await !tokens.verify(token, relay: "c", room: "standup"))
        #expect(await !tokens.verify(token, relay: "b", room: "other"))
        let stranger = await RelayTokens(secret: String(repeating: "x", count: 32))
        #expect(await !stranger.verify(token, relay: "b", room: "standup"))
    }
}
