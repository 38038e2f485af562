import SDP

extension SubscribeNegotiator {
    /// The offer for the current slots (interop-notes.md, "What browsers
    /// expect"): ice-lite, `setup:actpass`, the server's credentials,
    /// fingerprint and host candidate on every m-line; `sendonly` with msid
    /// and `a=ssrc` lines where a track is forwarded (aiortc routes by SSRC
    /// only), `inactive` without them where the slot is free.
    func offerDescription(transport: ServerTransportParameters) -> SessionDescription {
        var offer = SessionDescription(origin: ServerSDP.origin(sessionID: sessionID, version: version))
        var sections: [MediaDescription] = []
        var bundled: [String] = []
        for line in mLines {
            if let index = line {
                sections.append(Self.section(for: slots[index], transport: transport))
                if !slots[index].isRejected { bundled.append(slots[index].mid) }
            } else if let data = dataChannel {
                if data.isRejected {
                    sections.append(DataChannelSDP.rejectedSection(mid: data.mid))
                } else {
                    sections.append(
                        DataChannelSDP.section(
                            mid: data.mid, transport: transport, setup: .actpass,
                            maxMessageSize: dataChannelMaxMessageSize ?? 65_536))
                    bundled.append(data.mid)
                }
            }
        }
        offer.append(MediaGroup(semantics: MediaGroup.bundle, mids: bundled))
        offer.append(SDPAttribute(name: "ice-lite"))
        offer.append(SDPAttribute(name: "msid-semantic", value: " WMS *"))
        offer.media = sections
        return offer
    }

    /// One m-line of the subscribe side: the offer's (`actpass`), or the
    /// answer to a WHEP viewer's offer (`passive`).
    static func section(for slot: Slot, transport: ServerTransportParameters, setup: SetupRole = .actpass)
        -> MediaDescription
    {
        var section = MediaDescription(
            media: slot.kind.rawValue, port: slot.isRejected ? 0 : 9, connections: [ServerSDP.placeholderConnection])
        guard !slot.isRejected else {
            // RFC 8829 §5.2.2: a rejected m-line stays, with port 0 and a format.
            section.formats = slot.codecs.first.map { [String($0.payloadType)] } ?? ["0"]
            section.append(SDPAttribute(name: "mid", value: slot.mid))
            return section
        }
        transport.appendTransport(to: &section, setup: setup)
        section.append(SDPAttribute(name: "mid", value: slot.mid))
        for map in slot.extensions.extensionMaps { section.append(map) }
        let track = slot.track
        section.setDirection(track == nil ? .inactive : .sendonly)
        if let track {
            section.append(MediaStreamID(streamID: track.streamID, trackID: track.trackID))
        }
        section.append(SDPAttribute(name: "rtcp-mux"))
        section.append(SDPAttribute(name: "rtcp-rsize"))
        for codec in slot.codecs { ServerSDP.add(codec, to: &section) }
        if let track, let ssrc = slot.ssrc {
            // RFC 5576: cname groups the sources of one stream; msid per
            // source for clients that still read it (RFC 8830 §2, Plan B).
            let msid = track.streamID + " " + track.trackID
            if let rtx = slot.rtxSSRC { section.append(SSRCGroup(semantics: .fid, ssrcs: [ssrc, rtx])) }
            for source in [ssrc] + (slot.rtxSSRC.map { [$0] } ?? []) {
                section.append(SSRCAttribute(ssrc: source, name: "cname", value: track.streamID))
                section.append(SSRCAttribute(ssrc: source, name: "msid", value: msid))
            }
        }
        return section
    }
}
