import SDP

extension PublishAnswerer {
    /// The answer's section for an accepted m-line and what the forwarder
    /// learns from it.
    static func accepted(
        _ offered: MediaDescription, mid: String, plan: MediaPlan, sends: Bool, transport: ServerTransportParameters,
        setup: SetupRole
    ) -> (MediaDescription, PublishedMedia) {
        var section = MediaDescription(
            media: offered.media, port: 9, proto: offered.proto, connections: [ServerSDP.placeholderConnection])
        transport.appendTransport(to: &section, setup: setup)
        section.append(SDPAttribute(name: "mid", value: mid))

        // RFC 8285 §6: the offer's ids; a direction is mirrored.
        let maps = offered.extensionMaps.filter {
            HeaderExtensionURI.accepted.contains($0.uri) && (1...255).contains($0.id) && $0.direction != .recvonly
                && $0.direction != .inactive
        }
        for map in maps {
            section.append(ExtensionMap(id: map.id, direction: map.direction?.reversed, uri: map.uri))
        }
        if offered.extmapAllowMixed { section.append(SDPAttribute(name: "extmap-allow-mixed")) }

        section.setDirection(sends ? .recvonly : .inactive)
        section.append(SDPAttribute(name: "rtcp-mux"))
        if offered.isRTCPReducedSize { section.append(SDPAttribute(name: "rtcp-rsize")) }
        for codec in plan.codecs {
            let rtxText = codec.rtxPayloadType.flatMap { offered.codec(payloadType: $0)?.parameterText }
            ServerSDP.add(codec, to: &section, rtxParameterText: rtxText)
        }

        // RFC 8853 §5.3: the answerer receives the rids the offerer sends.
        let rids = simulcastRIDs(of: offered)
        if !rids.isEmpty {
            for rid in rids { section.append(RID(id: rid, direction: .recv)) }
            section.append(Simulcast(receive: rids.map { [Simulcast.Alternative(rid: $0)] }))
        }

        var media = PublishedMedia(
            mid: mid, kind: plan.kind, codecs: plan.codecs, extensions: HeaderExtensionIDs(maps), rids: rids,
            simulcastSSRCs: offered.simulcastSSRCs, isActive: sends)
        if rids.isEmpty {
            let primary = offered.simulcastSSRCs.first ?? offered.ssrcGroups(.fid).first?.ssrcs.first ?? offered.ssrcs.first
            media.ssrc = primary
            media.rtxSSRC = primary.flatMap { offered.rtxSSRCs[$0] }
            media.simulcastRTXSSRCs = offered.rtxSSRCs.filter { offered.simulcastSSRCs.contains($0.key) }
        }
        let streamID = offered.mediaStreamIDs.first ?? legacyMSID(of: offered)
        media.streamID = streamID.map(\.streamID).flatMap { $0 == "-" ? nil : $0 }
        media.trackID = streamID?.trackID
        return (section, media)
    }

    /// The rids of `a=simulcast:send` (first alternative of each stream, as
    /// listed) that have an `a=rid:<id> send` line (RFC 8853 §5.1).
    static func simulcastRIDs(of offered: MediaDescription) -> [String] {
        guard let simulcast = offered.simulcast else { return [] }
        let defined = Set(offered.rids.filter { $0.direction == .send }.map(\.id))
        var rids: [String] = []
        for rid in simulcast.sendRIDs where defined.contains(rid) && !rids.contains(rid) {
            rids.append(rid)
        }
        return rids
    }

    /// The msid of the `a=ssrc:<ssrc> msid:` line (RFC 5576 §4.1, older
    /// clients), when there is no `a=msid`.
    private static func legacyMSID(of offered: MediaDescription) -> MediaStreamID? {
        offered.ssrcAttributes.first { $0.name == "msid" }?.value.flatMap { try? MediaStreamID(parsing: $0[...]) }
    }
}
