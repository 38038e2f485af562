import MediaNegotiation
import NIOCore
import SDP

extension Room {
    /// Brings `subscriber`'s subscriptions in line with the room (every
    /// active track of every other participant) and offers the change,
    /// unless an offer is in flight: then the change waits for its answer
    /// (docs/protocol.md: never two offers in flight).
    func updateSubscriptions(of subscriber: Participant) {
        var wanted: Set<String> = []
        // A viewer (WHEP) keeps the tracks its one offer/answer bound.
        guard !subscriber.watchesFixedTracks else { return }
        for publisher in participants
        where publisher !== subscriber && subscriber.receivesMedia && subscriber.relay.mayReceive(from: publisher.relay) {
            for track in publisher.tracks where track.media.isActive {
                // A relay takes every layer of a simulcast track, one down
                // track each; a shard's pipe takes every video so (in memory,
                // no estimate should pause it).
                let pinned = track.kind == .video && (subscriber.relay.isShardPipe || subscriber.relay.isHidden && track.isSimulcast)
                let layers: [String?] = pinned ? track.layers : [nil]
                for layer in layers {
                    let key = Subscription.key(track.id, layer)
                    wanted.insert(key)
                    guard subscriber.subscriptions[key] == nil else { continue }
                    let subscription = Subscription(
                        track: track, subscriber: subscriber, sequence: subscriber.nextSubscriptionSequence,
                        pinnedLayer: layer)
                    subscriber.nextSubscriptionSequence += 1
                    subscriber.subscriptions[key] = subscription
                    track.subscriptions[subscription.keyInTrack] = subscription
                }
            }
        }
        for (key, subscription) in subscriber.subscriptions where !wanted.contains(key) {
            subscriber.subscriptions[key] = nil
            subscription.track.subscriptions[subscription.keyInTrack] = nil
            if let ssrc = subscription.ssrc { subscriber.subscriptionsBySSRC[ssrc] = nil }
        }
        offer(to: subscriber)
    }

    /// Sends the subscribe PC's next offer, or marks one pending.
    func offer(to subscriber: Participant) {
        guard let link = subscriber.link else { return }
        if subscriber.offerInFlight {
            subscriber.offerPending = true
            return
        }
        let ordered = subscriber.subscriptions.values.sorted { $0.sequence < $1.sequence }
        // The first offer comes once there is something to forward.
        let dataWanted =
            negotiatesDataChannels(subscriber)
            && participants.contains { $0 !== subscriber && !$0.publishedChannels.isEmpty }
        guard subscriber.hasOffered || !ordered.isEmpty || dataWanted else { return }
        subscriber.negotiator.dataChannelMaxMessageSize =
            negotiatesDataChannels(subscriber) ? limits.dataChannels.maxMessageSize : nil
        let outgoing = ordered.map { subscription in
            OutgoingTrack(
                trackID: subscription.keyInSubscriber, kind: subscription.track.kind,
                streamID: subscription.track.publisher.id,
                codecs: ServerCodecs.codecs(forwarding: subscription.track.media))
        }
        let (description, assignments) = subscriber.negotiator.makeOffer(
            tracks: outgoing, transport: link.subscribeTransport)
        let mids = Dictionary(assignments.map { ($0.trackID, $0.mid) }, uniquingKeysWith: { _, last in last })
        var infos: [TrackSnapshot] = []
        for subscription in ordered {
            subscription.mid = mids[subscription.keyInSubscriber]
            infos.append(
                TrackSnapshot(
                    id: subscription.keyInSubscriber, kind: subscription.track.kind,
                    participant: subscription.track.publisher.id, mid: subscription.mid))
        }
        subscriber.offerInFlight = true
        subscriber.offerPending = false
        subscriber.hasOffered = true
        link.deliver(.offer(sdp: description.serialized(), tracks: infos))
    }

    /// Applies the subscriber's answer: each forwarded track gets its
    /// outgoing stream (rewriter, history, RTX) in the subscriber's terms, video
    /// asks its publisher for a keyframe, and a pending change is offered.
    public func applyAnswer(_ subscriber: Participant, answer: SessionDescription, now: NIODeadline) throws(RoomError) {
        guard subscriber.room === self else { throw .notInRoom }
        guard subscriber.offerInFlight else { throw .noOfferInFlight }
        let negotiated: [SubscribedMedia]
        do {
            negotiated = try subscriber.negotiator.applyAnswer(answer)
        } catch {
            throw .negotiation("\(error)")
        }
        subscriber.offerInFlight = false
        if subscriber.negotiator.dataChannel?.isRejected == true { subscribeDataChannelsEnded(subscriber) }
        let byMID = Dictionary(negotiated.map { ($0.mid, $0) }, uniquingKeysWith: { first, _ in first })
        var newVideo = false
        for subscription in subscriber.subscriptions.values {
            guard let mid = subscription.mid, let media = byMID[mid] else { continue }
            if subscription.ssrc != media.ssrc {
                bind(subscription, to: media)
                newVideo = newVideo || subscription.track.kind == .video
            }
        }
        if newVideo { startVideo(of: subscriber, now: now) }
        if subscriber.offerPending { offer(to: subscriber) }
    }

    /// Points `subscription` at the m-line `media` the subscriber accepted:
    /// its outgoing stream (rewriter into the subscriber's payload types and
    /// extension ids, RTX, for video a send history), kept across a
    /// renegotiation that changes its SSRC.
    func bind(_ subscription: Subscription, to media: SubscribedMedia) {
        let subscriber = subscription.subscriber
        if let old = subscription.ssrc { subscriber.subscriptionsBySSRC[old] = nil }
        if subscription.outbound == nil {
            subscription.outbound = OutboundStream(
                published: subscription.track.media, subscribed: media, maxAge: limits.retransmissionHistory.maxAge)
        } else {
            subscription.outbound?.renegotiate(published: subscription.track.media, subscribed: media)
        }
        subscriber.subscriptionsBySSRC[media.ssrc] = subscription
        if subscription.track.kind == .video {
            subscription.currentLayer = nil
            subscription.targetLayer = subscription.pinnedLayer
        }
    }

    /// New video down tracks: layers are chosen and, once the subscriber
    /// can decrypt what it is sent, each asks its publisher for a keyframe.
    /// (Asked before, the keyframe would be lost and the request made at
    /// connection held back by the throttle: a first frame 300 ms later.)
    func startVideo(of subscriber: Participant, now: NIODeadline) {
        allocateLayers(for: subscriber, now: now)
        updateWantedLayers(now: now)
        guard subscriber.subscribeTransportConnected else { return }
        for subscription in subscriber.subscriptions.values
        where subscription.track.kind == .video && subscription.outbound?.hasForwarded == false {
            requestKeyframe(for: subscription, reason: .newSubscriber, now: now)
        }
    }
}

extension Room {
    /// The subscriber's transport just connected: its video needs fresh
    /// keyframes (what was sent before could not be decrypted).
    public func subscriberConnected(_ subscriber: Participant, now: NIODeadline) {
        subscriber.subscribeTransportConnected = true
        for subscription in subscriber.subscriptions.values where subscription.track.kind == .video {
            requestKeyframe(for: subscription, reason: .newSubscriber, now: now)
        }
    }
}
