import MediaNegotiation
import NIOCore
import SDP

extension Room {
    /// Answers a viewer's offer (WHEP): the offer's audio and video m-lines
    /// get the room's active tracks, or `publisher`'s only, in join order
    /// (`ViewerAnswerer`), and those stay the viewer's for the session.
    /// Video asks its publishers for keyframes once bound. Returns the
    /// answer and the tracks bound.
    public func watch(
        _ viewer: Participant, offer: SessionDescription, publisher: String?, now: NIODeadline
    ) throws(RoomError) -> (answer: SessionDescription, tracks: [TrackSnapshot]) {
        guard viewer.room === self, let link = viewer.link else { throw .notInRoom }
        guard offer.media.count <= limits.maxMediaSectionsPerOffer else {
            throw .tooManyMediaSections(limit: limits.maxMediaSectionsPerOffer)
        }
        let tracks = participants.filter { $0 !== viewer && (publisher == nil || $0.id == publisher) }
            .flatMap { $0.tracks.filter { $0.media.isActive } }
        let outgoing = tracks.map {
            OutgoingTrack(
                trackID: $0.id, kind: $0.kind, streamID: $0.publisher.id, codecs: ServerCodecs.codecs(forwarding: $0.media))
        }
        let answer: SessionDescription
        let bindings: [ViewerAnswerer.Binding]
        do {
            (answer, bindings) = try ViewerAnswerer().answer(offer, tracks: outgoing, transport: link.subscribeTransport)
        } catch {
            throw .negotiation("\(error)")
        }
        viewer.watchesFixedTracks = true
        var bound: [TrackSnapshot] = []
        for binding in bindings {
            guard let track = tracks.first(where: { $0.id == binding.trackID }) else { continue }
            let subscription = Subscription(track: track, subscriber: viewer, sequence: viewer.nextSubscriptionSequence)
            viewer.nextSubscriptionSequence += 1
            subscription.mid = binding.media.mid
            viewer.subscriptions[track.id] = subscription
            track.subscriptions[viewer.id] = subscription
            bind(subscription, to: binding.media)
            bound.append(TrackSnapshot(id: track.id, kind: track.kind, participant: track.publisher.id, mid: subscription.mid))
        }
        if bindings.contains(where: { $0.media.kind == .video }) { startVideo(of: viewer, now: now) }
        return (answer, bound)
    }
}
