import MediaNegotiation
import SDP
import TestSupport
import Testing

/// WHEP answers: the viewer's m-lines, in its payload types and extension
/// ids, each bound to the next track of its kind.
@Suite struct ViewerAnswererTests {
    static let audio = OutgoingTrack(trackID: "ta", kind: .audio, streamID: "alice")
    static let video = OutgoingTrack(trackID: "tv", kind: .video, streamID: "alice")

    /// A viewer's offer as a browser writes one: recvonly audio (Opus 109),
    /// two recvonly videos (VP8 120 with RTX 121), and a data channel.
    static let offer = """
        v=0\r
        o=- 1 2 IN IP4 127.0.0.1\r
        s=-\r
        t=0 0\r
        a=group:BUNDLE a0 v1 v2 d3\r
        m=audio 9 UDP/TLS/RTP/SAVPF 109\r
        c=IN IP4 0.0.0.0\r
        a=mid:a0\r
        a=recvonly\r
        a=rtcp-mux\r
        a=setup:actpass\r
        a=ice-ufrag:viewerU\r
        a=ice-pwd:viewerPasswordViewerPassword\r
        a=fingerprint:sha-256 \((0..<32).map { _ in "AB" }.joined(separator: ":"))\r
        a=extmap:3 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
        a=rtpmap:109 opus/48000/2\r
        m=video 9 UDP/TLS/RTP/SAVPF 120 121\r
        c=IN IP4 0.0.0.0\r
        a=mid:v1\r
        a=recvonly\r
        a=rtcp-mux\r
        a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r
        a=rtpmap:120 VP8/90000\r
        a=rtcp-fb:120 nack\r
        a=rtcp-fb:120 nack pli\r
        a=rtpmap:121 rtx/90000\r
        a=fmtp:121 apt=120\r
        m=video 9 UDP/TLS/RTP/SAVPF 120\r
        c=IN IP4 0.0.0.0\r
        a=mid:v2\r
        a=recvonly\r
        a=rtcp-mux\r
        a=rtpmap:120 VP8/90000\r
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r
        c=IN IP4 0.0.0.0\r
        a=mid:d3\r
        a=sctp-port:5000\r

        """

    @Test func bindsEachMediaLineToATrackOfItsKind() throws {
        let offer = try SessionDescription(parsing: Self.offer)
        let (answer, bindings) = try ViewerAnswerer().answer(
            offer, tracks: [Self.video, Self.audio], transport: TestServer.transport)
        #expect(bindings.map(\.trackID) == ["ta", "tv"])
        #expect(bindings.map(\.media.mid) == ["a0", "v1"])
        let video = try #require(bindings.last?.media)
        // The viewer's payload types and extension ids, RTX kept.
        #expect(video.codecs.first?.payloadType == 120)
        #expect(video.codecs.first?.rtxPayloadType == 121)
        #expect(video.rtxSSRC != nil && video.rtxSSRC != video.ssrc)
        #expect(video.extensions[HeaderExtensionURI.transportWideCC] == 5)
        #expect(bindings.first?.media.codecs.first?.payloadType == 109)

        let reparsed = try SessionDescription(parsing: answer.serialized())
        #expect(reparsed.media.map(\.media) == ["audio", "video", "video", "application"])
        #expect(reparsed.media.map(\.mid) == ["a0", "v1", "v2", "d3"])
        #expect(reparsed.media.map(\.direction) == [.sendonly, .sendonly, .inactive, nil])
        #expect(reparsed.media[3].port == 0)
        #expect(reparsed.bundleGroup?.mids == ["a0", "v1", "v2"])
        #expect(reparsed.isICELite)
        for section in reparsed.media.prefix(3) {
            #expect(section.setupRole == .passive)
            #expect(section.iceUfrag == "srvU")
        }
        #expect(reparsed.media[1].ssrcAttribute("cname", of: video.ssrc) == "alice")
    }

    @Test func aViewerWithNoMediaLineToReceiveOnIsRefused() throws {
        let sendonly = Self.offer.replacingOccurrences(of: "a=recvonly", with: "a=sendonly")
        #expect(throws: NegotiationError.self) {
            try ViewerAnswerer().answer(
                try SessionDescription(parsing: sendonly), tracks: [Self.video], transport: TestServer.transport)
        }
    }
}
