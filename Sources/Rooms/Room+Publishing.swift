import MediaNegotiation
import NIOCore
import SDP

extension Room {
    /// Answers a publish offer (first one or renegotiation): tracks are
    /// matched to m-lines by mid, new ones get ids (a stand-in's come in
    /// `trackIDs`, by mid), gone ones are removed
    /// from every subscriber, and everyone else hears `tracks` and gets a
    /// new subscribe offer. A relay publisher may give its tracks' ids by
    /// mid (`trackIDs`): a far track keeps its far id on every node.
    public func publish(
        _ participant: Participant, offer: SessionDescription, transport: ServerTransportParameters,
        preferences: CodecPreferences, trackIDs: [String: String] = [:]
    ) throws(RoomError) -> (answer: SessionDescription, tracks: [TrackSnapshot]) {
        guard participant.room === self else { throw .notInRoom }
        // A relay carries a whole far node's tracks, each bounded there by
        // these same limits per participant: they apply to clients only.
        let isRelay = participant.relay != .none
        guard isRelay || offer.media.count <= limits.maxMediaSectionsPerOffer else {
            throw .tooManyMediaSections(limit: limits.maxMediaSectionsPerOffer)
        }
        let negotiated: PublishAnswer
        var answerer = participant.publishAnswerer ?? PublishAnswerer(preferences: preferences)
        answerer.dataChannelMaxMessageSize = negotiatesDataChannels(participant) ? limits.dataChannels.maxMessageSize : nil
        do {
            negotiated = try answerer.answer(offer, transport: transport)
        } catch {
            throw .negotiation("\(error)")
        }
        let published = negotiated.media.filter { $0.isActive && ($0.kind == .audio || $0.kind == .video) }.count
        // Checked before anything is kept: a refused offer changes nothing.
        guard isRelay || published <= limits.maxTracksPerParticipant else {
            throw .tooManyTracks(limit: limits.maxTracksPerParticipant)
        }
        participant.publishAnswerer = answerer

        var kept: [PublishedTrack] = []
        var changed = false
        let givenIDs = isRelay ? trackIDs : [:]
        for media in negotiated.media where media.isActive && (media.kind == .audio || media.kind == .video) {
            let given = givenIDs[media.mid]
            if let existing = participant.tracks.first(where: {
                $0.mid == media.mid && $0.kind == media.kind && (given == nil || $0.id == given)
            }) {
                existing.media = media
                kept.append(existing)
            } else {
                let id = given.flatMap { isTrackIDFree($0, keeping: participant) ? $0 : nil } ?? Identifiers.track()
                kept.append(PublishedTrack(id: id, publisher: participant, media: media))
                changed = true
            }
        }
        setTracks(of: participant, to: kept, changed: changed)
        let infos = kept.map { TrackSnapshot(id: $0.id, kind: $0.kind, participant: participant.id, mid: $0.mid) }
        return (negotiated.description, infos)
    }

    /// Ends everything `participant` publishes (a stand-in whose
    /// participant elsewhere stopped publishing).
    public func withdrawTracks(of participant: Participant) {
        guard participant.room === self, !participant.tracks.isEmpty else { return }
        participant.publishAnswerer = nil
        setTracks(of: participant, to: [], changed: true)
    }

    /// Keeps `kept` as the participant's tracks: the others leave every
    /// subscriber, routing follows, and everyone hears of a change.
    private func setTracks(of participant: Participant, to kept: [PublishedTrack], changed: Bool) {
        var changed = changed
        let removed = participant.tracks.filter { old in !kept.contains { $0 === old } }
        changed = changed || !removed.isEmpty
        for track in removed {
            for subscription in track.subscriptions.values {
                subscription.subscriber.subscriptions[subscription.keyInSubscriber] = nil
                if let ssrc = subscription.ssrc { subscription.subscriber.subscriptionsBySSRC[ssrc] = nil }
            }
            track.subscriptions = [:]
        }
        participant.tracks = kept
        participant.tracksBySSRC = [:]
        participant.repairsBySSRC = [:]
        for track in kept {
            track.ssrcsByRID = [:]
            track.repairSSRCsByRID = [:]
            if let ssrc = track.media.ssrc {
                participant.tracksBySSRC[ssrc] = (track, "")
                track.ssrcsByRID[""] = ssrc
                if let rtx = track.media.rtxSSRC {
                    participant.repairsBySSRC[rtx] = (track, "")
                    track.repairSSRCsByRID[""] = rtx
                }
            }
            // Simulcast by SSRC group: lowest first.
            for (index, ssrc) in track.media.simulcastSSRCs.enumerated() {
                participant.tracksBySSRC[ssrc] = (track, "\(index)")
                track.ssrcsByRID["\(index)"] = ssrc
                if let rtx = track.media.simulcastRTXSSRCs[ssrc] {
                    participant.repairsBySSRC[rtx] = (track, "\(index)")
                    track.repairSSRCsByRID["\(index)"] = rtx
                }
            }
        }
        participant.publisherConnection.configure(tracks: kept)

        if changed {
            announceTracks(of: participant)
            for other in participants where other !== participant { updateSubscriptions(of: other) }
        }
        notifySinksTracks(of: participant)
    }

    /// Whether no other participant's track has `id` (given ids must not
    /// make two tracks of a room one; a collision gets a fresh id instead).
    private func isTrackIDFree(_ id: String, keeping participant: Participant) -> Bool {
        !participants.contains { other in other !== participant && other.tracks.contains { $0.id == id } }
    }
}
