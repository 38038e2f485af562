import MediaNegotiation
import Rooms
import SDP
import SignalingMessages

/// A subscribe offer of another node's room (a relay) or another shard's
/// (a pipe), as the publish offers of the participants it carries: the
/// simulcast layers merged back into their tracks (`RelayOfferMerge`),
/// each m-line's participant and the track id it publishes under, and for
/// each participant its share of the offer. The stand-ins that publish the
/// shares here differ in what they do when the room refuses one.
struct StandInOffer {
    let merged: SessionDescription
    /// Participant id for each mid.
    let owners: [String: String]
    /// The track id for each mid, as on its own node or shard (a pinned
    /// layer's down track is `<track>#<rid>`: its merged track is `<track>`).
    let trackIDs: [String: String]
    /// The participants with tracks in the offer, in the tracks' order.
    let participantIDs: [String]

    init(offer: SessionDescription, tracks: [TrackInfo]) {
        merged = RelayOfferMerge.publishOffer(from: offer, tracks: tracks)
        var owners: [String: String] = [:]
        var trackIDs: [String: String] = [:]
        var participantIDs: [String] = []
        for track in tracks {
            guard let mid = track.mid else { continue }
            owners[mid] = track.participant
            trackIDs[mid] = String(track.id.prefix { $0 != "#" })
            if !participantIDs.contains(track.participant) { participantIDs.append(track.participant) }
        }
        self.owners = owners
        self.trackIDs = trackIDs
        self.participantIDs = participantIDs
    }

    /// The merged offer with only `participantID`'s m-lines live, the
    /// others rejected and without SSRCs (nil: every m-line rejected, for
    /// a participant whose tracks all ended).
    func share(of participantID: String?) -> SessionDescription {
        var own = merged
        for index in own.media.indices {
            let owner = own.media[index].mid.flatMap { owners[$0] }
            guard participantID == nil || owner != participantID else { continue }
            own.media[index].port = 0
            own.media[index].attributes.removeAll { $0.name == "ssrc" || $0.name == "ssrc-group" }
        }
        return own
    }

    /// Publishes `share` as `participant`'s tracks and returns the SSRCs it
    /// carries (media and RTX), whose packets are that participant's.
    func publish(
        _ share: SessionDescription, as participant: Participant, in room: Room,
        transport: ServerTransportParameters, preferences: CodecPreferences
    ) throws(RoomError) -> [UInt32] {
        _ = try room.publish(participant, offer: share, transport: transport, preferences: preferences, trackIDs: trackIDs)
        return share.media.filter { !$0.isRejected }.flatMap(\.ssrcs)
    }
}
