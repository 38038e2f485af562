import MediaNegotiation
import NIOCore
import RTP

extension Room {
    /// Finds the track and layer of a publisher's packet, and whether it is
    /// an RTX repair packet: by SSRC once known, else by the MID and RID
    /// (or repaired RID) header extensions (RFC 8843 §15, RFC 8852),
    /// learning the SSRC for the packets that follow.
    func route(_ packet: RTPPacket, from publisher: Participant) -> (PublishedTrack, String, Bool)? {
        if let known = publisher.tracksBySSRC[packet.ssrc] { return (known.track, known.rid, false) }
        if let repair = publisher.repairsBySSRC[packet.ssrc] { return (repair.track, repair.rid, true) }
        for track in publisher.tracks {
            guard let midID = track.media.extensions[HeaderExtensionURI.mid],
                let mid = try? packet.extensionValue(SDESStringExtension.self, id: midID),
                mid.value == track.mid
            else { continue }
            let isRTX = track.media.codecs.contains { $0.rtxPayloadType == packet.payloadType }
            guard !track.media.rids.isEmpty else {
                if isRTX {
                    learnRepairSSRC(packet.ssrc, track: track, rid: "")
                    return (track, "", true)
                }
                learnMediaSSRC(packet.ssrc, track: track, rid: "")
                return (track, "", false)
            }
            if isRTX {
                guard let id = track.media.extensions[HeaderExtensionURI.repairedRID],
                    let value = try? packet.extensionValue(SDESStringExtension.self, id: id),
                    track.media.rids.contains(value.value)
                else { return nil }
                learnRepairSSRC(packet.ssrc, track: track, rid: value.value)
                return (track, value.value, true)
            }
            guard let ridID = track.media.extensions[HeaderExtensionURI.rid],
                let value = try? packet.extensionValue(SDESStringExtension.self, id: ridID),
                track.media.rids.contains(value.value)
            else { return nil }
            learnMediaSSRC(packet.ssrc, track: track, rid: value.value)
            return (track, value.value, false)
        }
        return nil
    }

    /// `ssrc` now carries layer `rid` of `track`. One SSRC per layer: an
    /// SSRC it replaces is forgotten with its receive state, so a publisher
    /// that keeps changing SSRCs (or floods new ones carrying a known MID)
    /// holds as much as one that does not.
    private func learnMediaSSRC(_ ssrc: UInt32, track: PublishedTrack, rid: String) {
        let publisher = track.publisher
        if let old = track.ssrcsByRID[rid], old != ssrc {
            publisher.tracksBySSRC[old] = nil
            track.inbound[old] = nil
            track.keyframeWriters[old] = nil
            counters.ssrcsReplaced &+= 1
        }
        publisher.tracksBySSRC[ssrc] = (track, rid)
        track.ssrcsByRID[rid] = ssrc
    }

    /// `ssrc` now carries the RTX of layer `rid` of `track`; one per layer.
    private func learnRepairSSRC(_ ssrc: UInt32, track: PublishedTrack, rid: String) {
        let publisher = track.publisher
        if let old = track.repairSSRCsByRID[rid], old != ssrc {
            publisher.repairsBySSRC[old] = nil
            counters.ssrcsReplaced &+= 1
        }
        publisher.repairsBySSRC[ssrc] = (track, rid)
        track.repairSSRCsByRID[rid] = ssrc
    }
}
