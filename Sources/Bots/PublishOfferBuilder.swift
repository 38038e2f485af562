import MediaNegotiation
import RTP
import SDP

/// Writes the publish PC's offer the way a browser does (RFC 8829 §5.2.1):
/// BUNDLE over every m-line, rtcp-mux and rtcp-rsize, `setup:actpass`,
/// sendonly audio (Opus) and video (VP8 with RTX, NACK, PLI, FIR,
/// transport-cc), msid, and either `a=ssrc` lines or, with simulcast,
/// `a=rid` and `a=simulcast` (RFC 8853); with a data rate, a data channel
/// m-line after them.
struct PublishOfferBuilder {
    var ufrag: String
    var password: String
    var fingerprint: Fingerprint
    var plan: BotMediaPlan
    var streamID: String
    var audioSSRC: UInt32
    /// One per video layer (three with simulcast), and the RTX SSRC of each.
    var videoSSRCs: [UInt32]
    var videoRTXSSRCs: [UInt32]

    func offer(sessionID: UInt64) -> SessionDescription {
        var offer = SessionDescription(origin: Origin(sessionID: String(sessionID), sessionVersion: 1))
        var mids: [String] = []
        if plan.audio { mids.append(BotMediaPlan.audioMID) }
        if plan.video { mids.append(BotMediaPlan.videoMID) }
        if plan.dataRate > 0 { mids.append(BotMediaPlan.dataMID) }
        offer.append(MediaGroup(semantics: MediaGroup.bundle, mids: mids))
        offer.append(SDPAttribute(name: "msid-semantic", value: " WMS \(streamID)"))
        if plan.audio { offer.media.append(audioSection()) }
        if plan.video { offer.media.append(videoSection()) }
        if plan.dataRate > 0 { offer.media.append(dataSection()) }
        return offer
    }

    /// The data channel m-line (RFC 8841), last as browsers put it.
    private func dataSection() -> MediaDescription {
        var section = MediaDescription(
            media: "application", port: 9, proto: DataChannelSDP.proto, formats: [DataChannelSDP.format],
            connections: [Connection(address: "0.0.0.0")])
        section.append(SDPAttribute(name: "ice-ufrag", value: ufrag))
        section.append(SDPAttribute(name: "ice-pwd", value: password))
        section.append(fingerprint)
        section.append(SetupRole.actpass)
        section.append(SDPAttribute(name: "mid", value: BotMediaPlan.dataMID))
        section.append(SDPAttribute(name: "sctp-port", value: String(DataChannelSDP.sctpPort)))
        section.append(SDPAttribute(name: "max-message-size", value: "262144"))
        return section
    }

    private func common(_ media: String, mid: String) -> MediaDescription {
        var section = MediaDescription(
            media: media, port: 9, connections: [Connection(address: "0.0.0.0")])
        section.append(SDPAttribute(name: "ice-ufrag", value: ufrag))
        section.append(SDPAttribute(name: "ice-pwd", value: password))
        section.append(SDPAttribute(name: "ice-options", value: "trickle"))
        section.append(fingerprint)
        section.append(SetupRole.actpass)
        section.append(SDPAttribute(name: "mid", value: mid))
        section.append(ExtensionMap(id: UInt16(BotExtensionID.absSendTime), uri: HeaderExtensionURI.absSendTime))
        section.append(ExtensionMap(id: UInt16(BotExtensionID.transportWideCC), uri: HeaderExtensionURI.transportWideCC))
        section.append(ExtensionMap(id: UInt16(BotExtensionID.mid), uri: HeaderExtensionURI.mid))
        section.setDirection(.sendonly)
        section.append(MediaStreamID(streamID: streamID, trackID: "\(streamID)-\(media)"))
        section.append(SDPAttribute(name: "rtcp-mux"))
        section.append(SDPAttribute(name: "rtcp-rsize"))
        return section
    }

    private func audioSection() -> MediaDescription {
        var section = common("audio", mid: BotMediaPlan.audioMID)
        section.addCodec(
            Codec(
                payloadType: BotMediaPlan.opusPayloadType, name: CodecFamily.opus.rtpmapName,
                clockRate: CodecFamily.opus.clockRate, channels: CodecFamily.opus.channels,
                parameterText: "minptime=10;useinbandfec=1",
                feedback: [RTCPFeedback(payloadType: BotMediaPlan.opusPayloadType, type: "transport-cc")]))
        section.append(SSRCAttribute(ssrc: audioSSRC, name: "cname", value: streamID))
        section.append(SSRCAttribute(ssrc: audioSSRC, name: "msid", value: "\(streamID) \(streamID)-audio"))
        return section
    }

    private func videoSection() -> MediaDescription {
        var section = common("video", mid: BotMediaPlan.videoMID)
        if plan.simulcast {
            section.append(ExtensionMap(id: UInt16(BotExtensionID.rid), uri: HeaderExtensionURI.rid))
            section.append(ExtensionMap(id: UInt16(BotExtensionID.repairedRID), uri: HeaderExtensionURI.repairedRID))
        }
        section.addCodec(
            Codec(
                payloadType: BotMediaPlan.vp8PayloadType, name: CodecFamily.vp8.rtpmapName,
                clockRate: CodecFamily.vp8.clockRate,
                feedback: OutgoingTrack.videoFeedback(payloadType: BotMediaPlan.vp8PayloadType)))
        section.addCodec(
            Codec(
                payloadType: BotMediaPlan.rtxPayloadType, name: "rtx", clockRate: 90_000,
                parameterText: "apt=\(BotMediaPlan.vp8PayloadType)"))
        if plan.simulcast {
            for rid in BotMediaPlan.simulcastRIDs { section.append(RID(id: rid, direction: .send)) }
            section.append(Simulcast(sendRIDs: BotMediaPlan.simulcastRIDs))
        } else if let ssrc = videoSSRCs.first, let rtx = videoRTXSSRCs.first {
            section.append(SSRCGroup(semantics: .fid, ssrcs: [ssrc, rtx]))
            for source in [ssrc, rtx] {
                section.append(SSRCAttribute(ssrc: source, name: "cname", value: streamID))
                section.append(SSRCAttribute(ssrc: source, name: "msid", value: "\(streamID) \(streamID)-video"))
            }
        }
        return section
    }
}
