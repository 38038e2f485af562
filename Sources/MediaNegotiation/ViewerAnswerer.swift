import SDP

/// The answer to a viewer's offer (WHEP): the viewer names the m-lines it
/// receives on, so each of its audio and video m-lines gets the next track
/// of its kind, in the viewer's payload types and extension ids; an m-line
/// with no track left is answered `inactive`, one the viewer rejected or of
/// another kind is rejected. The tracks are fixed for the session: the
/// viewer never gets an offer (RFC 9725-style sessions renegotiate nothing).
public struct ViewerAnswerer: Sendable {
    /// What the forwarder needs per bound m-line, and the track it carries.
    public struct Binding: Sendable, Hashable {
        public var trackID: String
        public var media: SubscribedMedia
    }

    public init() {}

    /// Answers `offer` with `tracks` (in the order they should fill the
    /// m-lines). Throws when an accepted m-line lacks rtcp-mux or when the
    /// offer has no m-line to receive on.
    public func answer(
        _ offer: SessionDescription, tracks: [OutgoingTrack], transport: ServerTransportParameters
    ) throws(NegotiationError) -> (answer: SessionDescription, bindings: [Binding]) {
        var generator = SystemRandomNumberGenerator()
        var unbound = tracks
        var used: Set<UInt32> = []
        var slots: [SubscribeNegotiator.Slot?] = []  // nil: rejected
        var sections: [MediaDescription] = []
        var bindings: [Binding] = []
        for (index, offered) in offer.media.enumerated() {
            let mid = offered.mid ?? String(index)
            guard let kind = MediaKind(rawValue: offered.media), !offered.isRejected,
                offer.direction(of: offered).receives
            else {
                slots.append(nil)
                sections.append(Self.rejected(offered, mid: mid))
                continue
            }
            guard offered.isRTCPMux else { throw .missingRTCPMux(mid: mid) }
            var slot = SubscribeNegotiator.Slot(
                mid: mid, kind: kind, isRejected: false, codecs: [], extensions: HeaderExtensionIDs())
            // The first track of this kind whose codec the viewer takes.
            if let position = unbound.firstIndex(where: {
                $0.kind == kind && !SubscribeNegotiator.acceptedCodecs(offered: $0.codecs, answered: offered).isEmpty
            }) {
                let track = unbound.remove(at: position)
                slot.track = track
                slot.codecs = SubscribeNegotiator.acceptedCodecs(offered: track.codecs, answered: offered)
                for map in offered.extensionMaps
                where track.headerExtensions[map.uri] != nil && (1...255).contains(map.id) {
                    slot.extensions[map.uri] = UInt8(map.id)
                }
                slot.ssrc = Self.freshSSRC(&used, using: &generator)
                if slot.codecs.contains(where: { $0.rtxPayloadType != nil }) {
                    slot.rtxSSRC = Self.freshSSRC(&used, using: &generator)
                }
                bindings.append(
                    Binding(
                        trackID: track.trackID,
                        media: SubscribedMedia(
                            mid: mid, kind: kind, codecs: slot.codecs, extensions: slot.extensions,
                            ssrc: slot.ssrc ?? 0, rtxSSRC: slot.rtxSSRC)))
            } else {
                // Nothing to send here: the viewer's own codecs keep the m-line valid.
                slot.codecs = offered.codecs.filter { !$0.isRTX }.prefix(1).map { MediaCodec(codec: $0) }
            }
            slots.append(slot)
            sections.append(SubscribeNegotiator.section(for: slot, transport: transport, setup: .passive))
        }
        guard slots.contains(where: { $0 != nil }) else { throw .noCommonCodec(mid: "*") }
        var answer = SessionDescription(
            origin: ServerSDP.origin(sessionID: ServerSDP.randomSessionID(using: &generator), version: 1))
        answer.append(MediaGroup(semantics: MediaGroup.bundle, mids: slots.compactMap { $0?.mid }))
        answer.append(SDPAttribute(name: "ice-lite"))
        answer.append(SDPAttribute(name: "msid-semantic", value: " WMS *"))
        answer.media = sections
        return (answer, bindings)
    }

    /// RFC 8829 §5.3.1: a rejected m-line is answered with port 0, its
    /// kind and a format of the offer's.
    private static func rejected(_ offered: MediaDescription, mid: String) -> MediaDescription {
        var section = MediaDescription(media: offered.media, port: 0, connections: [ServerSDP.placeholderConnection])
        section.formats = Array(offered.formats.prefix(1))
        if section.formats.isEmpty { section.formats = ["0"] }
        section.append(SDPAttribute(name: "mid", value: mid))
        return section
    }

    private static func freshSSRC(_ used: inout Set<UInt32>, using generator: inout some RandomNumberGenerator)
        -> UInt32
    {
        while true {
            let ssrc = UInt32.random(in: 1...UInt32.max, using: &generator)
            if used.insert(ssrc).inserted { return ssrc }
        }
    }
}
