import SDP

/// The publish offers a fuzzed participant can send, trimmed from the SDP
/// fixtures (Tests/SDPTests/Fixtures): Chromium with three-layer simulcast
/// by rid and transport-cc, aiortc with SSRCs, an RTX FID group and REMB,
/// and the Chromium offer with its video m-line stopped.
enum PublishOffers {
    static let all: [SessionDescription] = {
        let simulcast = try! SessionDescription(parsing: chromiumSimulcast)
        var audioOnly = simulcast
        audioOnly.media[1].port = 0
        return [simulcast, try! SessionDescription(parsing: aiortc), audioOnly]
    }()

    static let chromiumSimulcast = """
        v=0
        o=- 321123727814697802 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS ea84c19b
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 110
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:5L+v
        a=ice-pwd:XLvy6Kwc7BqX/vDLGzlZrKr9
        a=ice-options:trickle
        a=fingerprint:sha-256 CC:DB:B5:6A:C0:F8:FC:7E:AD:AF:FD:83:C7:2F:5B:A0:76:6E:53:6E:95:8E:9A:5F:AD:3C:27:25:C3:75:1A:37
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:ea84c19b 12f261aa
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:110 telephone-event/48000
        a=ssrc:1793996470 cname:ZxsQZBuzzMvRE7Yq
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:5L+v
        a=ice-pwd:XLvy6Kwc7BqX/vDLGzlZrKr9
        a=ice-options:trickle
        a=fingerprint:sha-256 CC:DB:B5:6A:C0:F8:FC:7E:AD:AF:FD:83:C7:2F:5B:A0:76:6E:53:6E:95:8E:9A:5F:AD:3C:27:25:C3:75:1A:37
        a=setup:actpass
        a=mid:1
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:ea84c19b 06a247a6
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rid:q send
        a=rid:h send
        a=rid:f send
        a=simulcast:send q;h;f

        """

    static let aiortc = """
        v=0
        o=- 4004265552 4004265552 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic:WMS *
        m=audio 40916 UDP/TLS/RTP/SAVPF 96 9 0 8
        c=IN IP4 127.0.0.1
        a=sendrecv
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=mid:0
        a=msid:2b0e8a58 1dac72cf
        a=rtcp:9 IN IP4 0.0.0.0
        a=rtcp-mux
        a=ssrc:3757915784 cname:ffb98789
        a=rtpmap:96 opus/48000/2
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=ice-ufrag:2JsU
        a=ice-pwd:olkT837k7ppS1aH0q22gIQ
        a=fingerprint:sha-256 30:05:45:E8:99:45:80:AC:E4:7D:18:44:7C:B5:FC:F7:A3:36:BF:D7:48:1D:23:5D:07:EF:3A:AF:75:60:76:76
        a=setup:actpass
        m=video 40916 UDP/TLS/RTP/SAVPF 97 98 99 100
        c=IN IP4 127.0.0.1
        a=sendonly
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=mid:1
        a=msid:2b0e8a58 0664b02b
        a=rtcp:9 IN IP4 0.0.0.0
        a=rtcp-mux
        a=ssrc-group:FID 3021167291 1615158829
        a=ssrc:3021167291 cname:ffb98789
        a=ssrc:1615158829 cname:ffb98789
        a=rtpmap:97 VP8/90000
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 goog-remb
        a=rtpmap:98 rtx/90000
        a=fmtp:98 apt=97
        a=rtpmap:99 H264/90000
        a=rtcp-fb:99 nack
        a=rtcp-fb:99 nack pli
        a=rtcp-fb:99 goog-remb
        a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:100 rtx/90000
        a=fmtp:100 apt=99
        a=ice-ufrag:2JsU
        a=ice-pwd:olkT837k7ppS1aH0q22gIQ
        a=fingerprint:sha-256 30:05:45:E8:99:45:80:AC:E4:7D:18:44:7C:B5:FC:F7:A3:36:BF:D7:48:1D:23:5D:07:EF:3A:AF:75:60:76:76
        a=setup:actpass

        """
}
