import SDP
import Testing

/// The real offers of Tests/SDPTests/Fixtures: each parses, its typed values
/// are what the browser meant, and it serializes back line for line.
@Suite("Captured offers")
struct CapturedOfferTests {
    @Test("every fixture parses and serializes back exactly", arguments: Fixture.allCases)
    func roundTrip(fixture: Fixture) throws {
        let text = fixture.text
        let parsed = try SessionDescription(parsing: text)
        let written = parsed.serialized()
        expectSameLines(written, text)
        #expect(try SessionDescription(parsing: written) == parsed)
        // Bare LF input gives the same description.
        let lf = text.split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
        #expect(try SessionDescription(parsing: lf) == parsed)
    }

    @Test("typed values of known attributes write back their raw text", arguments: Fixture.allCases)
    func typedAttributesRoundTrip(fixture: Fixture) throws {
        let session = try fixture.parsed()
        var checked = 0
        for carrier in [session.attributes] + session.media.map(\.attributes) {
            for attribute in carrier {
                let typed: SDPAttribute? =
                    switch attribute.name {
                    case "group": try attribute.parsed(as: MediaGroup.self).map(SDPAttribute.init)
                    case "fingerprint": try attribute.parsed(as: Fingerprint.self).map(SDPAttribute.init)
                    case "setup": try attribute.parsed(as: SetupRole.self).map(SDPAttribute.init)
                    case "rtpmap": try attribute.parsed(as: RTPMap.self).map(SDPAttribute.init)
                    case "fmtp": try attribute.parsed(as: FormatParameters.self).map(SDPAttribute.init)
                    case "rtcp-fb": try attribute.parsed(as: RTCPFeedback.self).map(SDPAttribute.init)
                    case "extmap": try attribute.parsed(as: ExtensionMap.self).map(SDPAttribute.init)
                    case "msid": try attribute.parsed(as: MediaStreamID.self).map(SDPAttribute.init)
                    case "ssrc": try attribute.parsed(as: SSRCAttribute.self).map(SDPAttribute.init)
                    case "ssrc-group": try attribute.parsed(as: SSRCGroup.self).map(SDPAttribute.init)
                    case "rid": try attribute.parsed(as: RID.self).map(SDPAttribute.init)
                    case "simulcast": try attribute.parsed(as: Simulcast.self).map(SDPAttribute.init)
                    case "candidate": try attribute.parsed(as: ICECandidate.self).map(SDPAttribute.init)
                    case "rtcp": try attribute.parsed(as: RTCPAttribute.self).map(SDPAttribute.init)
                    default: nil
                    }
                guard let typed else { continue }
                #expect(typed == attribute, "\(fixture): a=\(attribute.lineText)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test("BUNDLE covers every mid; ICE and DTLS per section", arguments: Fixture.allCases)
    func bundleAndTransport(fixture: Fixture) throws {
        let session = try fixture.parsed()
        let bundle = try #require(session.bundleGroup)
        #expect(bundle.mids == session.media.compactMap(\.mid))
        #expect(session.media.count == 2)
        for media in session.media {
            let fingerprints = session.fingerprints(of: media)
            #expect(fingerprints.count >= 1)
            for fingerprint in fingerprints where fingerprint.hashFunction == "sha-256" {
                #expect(fingerprint.bytes.count == 32)
            }
            #expect(fingerprints.contains { $0.hashFunction == "sha-256" })
            #expect(media.setupRole == .actpass)
            #expect(media.isRTCPMux)
            #expect(media.iceUfrag != nil && media.icePwd != nil)
            #expect(media.proto == "UDP/TLS/RTP/SAVPF")
        }
    }

    @Test("Chromium offers: codecs, RTX links, header extensions, candidates",
          arguments: [Fixture.chromiumPublish, .chromiumSimulcast, .chromiumRecvonly])
    func chromium(fixture: Fixture) throws {
        let session = try fixture.parsed()
        #expect(session.origin.username == "-")
        #expect(session.extmapAllowMixed)
        let audio = try #require(session.media(withMID: "0"))
        let video = try #require(session.media(withMID: "1"))
        #expect(audio.media == "audio" && video.media == "video")

        let opus = try #require(audio.codec(named: "opus"))
        #expect(opus.clockRate == 48000 && opus.channels == 2)
        #expect(opus.formatParameters.value(of: "useinbandfec") == "1")
        #expect(opus.hasFeedback("transport-cc"))
        #expect(audio.payloadTypes.first == opus.payloadType)

        let vp8 = try #require(video.codec(named: "VP8"))
        #expect(vp8.clockRate == 90000 && vp8.channels == nil)
        #expect(vp8.hasFeedback("nack", "pli") && vp8.hasFeedback("ccm", "fir") && vp8.hasFeedback("nack"))
        let vp8RTX = try #require(video.rtxPayloadType(for: vp8.payloadType))
        #expect(video.rtxAssociations[vp8RTX] == vp8.payloadType)
        // every rtx format names a primary format of the same section
        let rtx = video.codecs.filter(\.isRTX)
        #expect(rtx.count >= 5)
        for codec in rtx {
            let primary = try #require(codec.associatedPayloadType)
            #expect(video.payloadTypes.contains(primary))
        }

        let extensions = video.extensionMaps
        let midExtension = try #require(extensions.first { $0.uri == "urn:ietf:params:rtp-hdrext:sdes:mid" })
        #expect(audio.extensionMaps.first { $0.uri == midExtension.uri }?.id == midExtension.id)
        #expect(Set(extensions.map(\.id)).count == extensions.count)
        #expect(extensions.allSatisfy { (1...14).contains($0.id) && $0.direction == nil })

        let candidates = audio.candidates
        #expect(!candidates.isEmpty)
        for candidate in candidates {
            #expect(candidate.address == "127.0.0.1")
            #expect(candidate.component == 1 && candidate.type == .host)
            #expect(candidate.generation == 0 && candidate.networkID != nil && candidate.networkCost != nil)
        }
        #expect(candidates.contains { $0.transport == "udp" && $0.port != 9 })
        #expect(candidates.contains { $0.transport == "tcp" && $0.tcpType == "active" })
        #expect(audio.iceOptions == ["trickle"])
    }

    @Test func chromiumPublishIsSendonlyWithSSRCs() throws {
        let session = try Fixture.chromiumPublish.parsed()
        for media in session.media {
            #expect(session.direction(of: media) == .sendonly)
            let msid = try #require(media.mediaStreamIDs.first)
            #expect(msid.trackID != nil && msid.streamID != "-")
            #expect(media.ssrcAttribute("cname", of: try #require(media.ssrcs.first)) != nil)
        }
        let video = try #require(session.media(withMID: "1"))
        let fid = video.ssrcGroups(.fid)
        #expect(fid.count == 1 && fid[0].ssrcs.count == 2)
        #expect(video.rtxSSRCs[fid[0].ssrcs[0]] == fid[0].ssrcs[1])
        #expect(video.simulcastSSRCs.isEmpty)
    }

    @Test func chromiumSimulcastHasThreeRIDs() throws {
        let video = try #require(try Fixture.chromiumSimulcast.parsed().media(withMID: "1"))
        #expect(video.rids.map(\.id) == ["q", "h", "f"])
        #expect(video.rids.allSatisfy { $0.direction == .send && $0.restrictions.isEmpty })
        let simulcast = try #require(video.simulcast)
        #expect(simulcast.sendRIDs == ["q", "h", "f"])
        #expect(simulcast.receive.isEmpty)
        #expect(simulcast.attributeValue == "send q;h;f")
        #expect(video.extensionMaps.contains { $0.uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id" })
        #expect(video.extensionMaps.contains { $0.uri == "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id" })
        // Chromium announces rid simulcast without a=ssrc lines.
        #expect(video.ssrcs.isEmpty)
    }

    @Test func chromiumRecvonly() throws {
        let session = try Fixture.chromiumRecvonly.parsed()
        for media in session.media {
            #expect(media.direction == .recvonly)
            #expect(media.mediaStreamIDs.isEmpty && media.ssrcs.isEmpty)
        }
    }

    @Test func firefoxOffers() throws {
        let plain = try Fixture.firefoxAudioVideo.parsed()
        #expect(plain.origin.username.hasPrefix("mozilla"))
        #expect(plain.fingerprints.count == 1 && plain.fingerprints[0].bytes.count == 32)
        #expect(plain.media.allSatisfy { $0.fingerprints.isEmpty })
        let video = try #require(plain.media(withMID: "1"))
        // Firefox's second bundled section is bundle-only with port 0 (RFC 9143 §6).
        #expect(video.port == 0 && video.hasAttribute("bundle-only") && !video.isRejected)
        #expect(video.extensionMaps.contains { $0.id == 6 && $0.direction == .recvonly })
        #expect(video.codec(named: "VP8")?.clockRate == 90000)

        let simulcast = try #require(try Fixture.firefoxSimulcast.parsed().media(withMID: "1"))
        #expect(simulcast.rids.map(\.id) == ["q", "h", "f"])
        #expect(simulcast.simulcast?.sendRIDs == ["q", "h", "f"])
        #expect(simulcast.ssrcGroups(.fid).count == 3)
        #expect(simulcast.rtxSSRCs.count == 3)
    }

    @Test func aiortcOffer() throws {
        let session = try Fixture.aiortcAudioVideo.parsed()
        let audio = try #require(session.media.first { $0.media == "audio" })
        let video = try #require(session.media.first { $0.media == "video" })
        #expect(session.direction(of: audio) == .sendrecv)
        #expect(session.direction(of: video) == .sendonly)
        #expect(audio.codec(named: "opus")?.channels == 2)
        #expect(video.codec(named: "VP8") != nil)
        #expect(!video.rtxAssociations.isEmpty)
        let candidate = try #require(audio.candidates.first)
        #expect(candidate.address == "127.0.0.1" && candidate.type == .host)
        #expect(audio.hasEndOfCandidates)
        #expect(audio.connections.first?.address == "127.0.0.1")
        #expect(video.ssrcs.count == 2 && video.rtxSSRCs.count == 1)
    }
}
