import SDP
import SignalingMessages

/// Turns the far node's subscribe offer into the publish offer of the
/// relay's participant here. The far node sends a relay each simulcast
/// layer on an m-line of its own (track id `<track>#<rid>`, lowest layer
/// first); here they become one simulcast track again: the first layer's
/// m-line with every layer's SSRC in an `ssrc-group:SIM` (and each
/// layer's RTX in an `FID` group), the others
/// disabled (port 0, mids kept so renegotiations match). So the local
/// room chooses a layer per subscriber and switches at keyframes, as for
/// a simulcast publisher of its own.
enum RelayOfferMerge {
    static func publishOffer(from offer: SessionDescription, tracks: [TrackInfo]) -> SessionDescription {
        var trackByMID: [String: String] = [:]
        for track in tracks { if let mid = track.mid { trackByMID[mid] = track.id } }
        var layersByTrack: [String: [Int]] = [:]
        var order: [String] = []
        for (index, media) in offer.media.enumerated() where !media.isRejected {
            guard let mid = media.mid, let id = trackByMID[mid], let hash = id.firstIndex(of: "#") else { continue }
            let base = String(id[..<hash])
            if layersByTrack[base] == nil { order.append(base) }
            layersByTrack[base, default: []].append(index)
        }
        var merged = offer
        for base in order {
            guard let indexes = layersByTrack[base], let first = indexes.first else { continue }
            let primaries = indexes.compactMap { primarySSRC(of: offer.media[$0]) }
            guard primaries.count == indexes.count else { continue }
            let cname = offer.media[first].ssrcAttribute("cname", of: primaries[0]) ?? "relay"
            var media = offer.media[first]
            media.attributes.removeAll { $0.name == "ssrc" || $0.name == "ssrc-group" }
            for (index, ssrc) in primaries.enumerated() {
                media.append(SDPAttribute(name: "ssrc", value: "\(ssrc) cname:\(cname)"))
                // Each layer keeps its RTX stream: NACKs of any layer are repaired.
                if let rtx = offer.media[indexes[index]].rtxSSRCs[ssrc] {
                    media.append(SDPAttribute(name: "ssrc", value: "\(rtx) cname:\(cname)"))
                    media.append(SDPAttribute(name: "ssrc-group", value: "FID \(ssrc) \(rtx)"))
                }
            }
            if primaries.count > 1 {
                media.append(SDPAttribute(name: "ssrc-group", value: "SIM " + primaries.map(String.init).joined(separator: " ")))
            }
            merged.media[first] = media
            for index in indexes.dropFirst() {
                merged.media[index].port = 0
                merged.media[index].attributes.removeAll { $0.name == "ssrc" || $0.name == "ssrc-group" }
            }
        }
        return merged
    }

    /// The media SSRC of an m-line: the first of its FID group, else its first SSRC.
    private static func primarySSRC(of media: MediaDescription) -> UInt32? {
        media.ssrcGroups(.fid).first?.ssrcs.first ?? media.ssrcs.first
    }
}
