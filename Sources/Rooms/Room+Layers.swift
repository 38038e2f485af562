import NIOCore

extension Room {
    /// Reported loss above which a subscriber's link counts as congested.
    static let congestionLoss = 0.1

    /// Applies a subscriber's `track-settings` to its down track of
    /// `settings.track`; the layer changes at the next allocation.
    public func setTrackSettings(_ subscriber: Participant, _ settings: TrackPreference, now: NIODeadline) throws(RoomError) {
        guard subscriber.room === self else { throw .notInRoom }
        guard let subscription = subscriber.subscriptions[settings.track] else { throw .unknownTrack(settings.track) }
        var wished = subscription.settings
        if let ceiling = settings.ceiling {
            wished.maxLayer = switch ceiling {
            case .lowest: 0
            case .second: 1
            case .none: nil
            }
        }
        if let width = settings.width { wished.width = width }
        if let height = settings.height { wished.height = height }
        if let enabled = settings.enabled {
            if wished.disabled && enabled, subscription.hasForwarded {
                // Back on: continue the numbering from a fresh keyframe.
                subscription.outbound?.rewriter.switchSource()
                subscription.targetLayer = subscription.currentLayer
                subscription.currentLayer = nil
                requestKeyframe(for: subscription, reason: .layerSwitch, now: now)
            }
            wished.disabled = !enabled
        }
        subscription.settings = wished
        allocateLayers(for: subscriber, now: now)
        updateWantedLayers(now: now)
    }

    /// Chooses the layer of each of `subscriber`'s video down tracks from
    /// its bandwidth estimate (less what its audio takes) and its wishes;
    /// pauses what cannot fit and resumes what can, telling the client.
    func allocateLayers(for subscriber: Participant, now: NIODeadline) {
        let videos = subscriber.subscriptions.values
            .filter { $0.track.kind == .video && $0.outbound != nil && !$0.settings.disabled && $0.pinnedLayer == nil }
            .sorted { $0.sequence < $1.sequence }
        guard !videos.isEmpty else { return }
        // Audio is left out on both sides: the offers put no transport-wide
        // number on audio, so the estimate covers video only (and a REMB of
        // a client that estimates per stream covers its video stream).
        // Before any feedback nothing is known: simulcast starts on its
        // lowest layer and probes its way up (starting high and falling back
        // floods a thin link first, and a layer's rate is still ramping up).
        var budget: UInt64? = subscriber.subscriberConnection.estimate ?? 0
        // Loss the subscriber reports on its video (RR fraction lost).
        let loss = Double(videos.map { $0.outbound?.fractionLost ?? 0 }.max() ?? 0) / 256
        let congested = loss > Self.congestionLoss
        if subscriber.subscriberConnection.hasBandwidthFeedback, let estimate = budget,
            !subscriber.subscriberConnection.hasTransportFeedback
        {
            if congested {
                // REMB only, and its delay-based REMB misses loss: cut as GCC's
                // loss rule does (draft-ietf-rmcat-gcc-02 §6), from what is sent.
                let sent = Double(subscriber.subscriberConnection.sendingBitrate(now: now))
                budget = min(estimate, UInt64(sent * (1 - 0.5 * loss)))
            } else {
                // A receive-side estimate trails the incoming rate, so only
                // one well below it means congestion.
                budget = estimate + estimate / 4
            }
        }
        let demands = videos.map { subscription -> LayerAllocator.Demand in
            let track = subscription.track
            let layers = track.layers
            let bitrates = layers.map { rid -> UInt64? in
                guard let rate = track.layerBitrate(rid: rid, now: now) else { return nil }
                if rate > 0 { return rate }
                // Silent: stopped after `layers-wanted` (its last rate still
                // tells what it costs), or not sent at all.
                let stopped = track.announcedActiveLayers.map { !$0.contains(rid) } ?? false
                let known = track.inboundStream(rid: rid)?.lastActiveBitrate ?? 0
                return stopped && known > 0 ? known : nil
            }
            let temporal = track.inboundStream(rid: layers[0]).map { _ in track.hasTemporalLayers } ?? false
            return LayerAllocator.Demand(
                layerBitrates: bitrates, maxLayer: maxLayer(for: subscription),
                // Under loss nothing is kept out of habit: layers must fit.
                current: subscription.isPaused || congested
                    ? nil : subscription.currentLayer.flatMap { layers.firstIndex(of: $0) },
                hasTemporalLayers: temporal,
                canPause: canPause(track, for: subscriber, congested: congested))
        }
        let decisions = LayerAllocator.allocate(budget: budget, demands: demands)
        subscriber.subscriberConnection.desiredBitrate = LayerAllocator.cost(of: LayerAllocator.allocate(budget: nil, demands: demands), demands)
        for (subscription, decision) in zip(videos, decisions) {
            apply(decision, to: subscription, now: now)
        }
    }

    /// Whether `track` may be paused for `subscriber` when its lowest layer
    /// does not fit. Simulcast may. A single stream has nothing lower to go
    /// to, so it pauses only on the server's own send-side estimate (TWCC)
    /// without loss: loss alone is not always congestion, and a receive-side
    /// REMB trails what it gets (aiortc's, per stream, settles below the
    /// stream's own rate on a free link) and would pause it for good.
    /// Nor while the start-up probes are out: the first feedback comes
    /// before their result, and pausing on the start estimate would stop
    /// the videos the probes are about to make room for.
    private func canPause(_ track: PublishedTrack, for subscriber: Participant, congested: Bool) -> Bool {
        guard subscriber.subscriberConnection.hasBandwidthFeedback, !subscriber.subscriberConnection.isStartingUp
        else { return false }
        return track.isSimulcast || (subscriber.subscriberConnection.hasTransportFeedback && !congested)
    }

    /// The highest layer index the subscriber's wishes call for: its
    /// quality ceiling, and the smallest layer at least as wide as it
    /// displays the track (sizes from the layers' keyframes).
    private func maxLayer(for subscription: Subscription) -> Int {
        let layers = subscription.track.layers
        var limit = min(subscription.settings.maxLayer ?? layers.count - 1, layers.count - 1)
        if let width = subscription.settings.width {
            for (index, rid) in layers.enumerated() where index < limit {
                if let layerWidth = subscription.track.inboundStream(rid: rid)?.frameWidth, layerWidth >= width {
                    limit = index
                    break
                }
            }
        }
        return max(limit, 0)
    }

    private func apply(_ decision: LayerAllocator.Decision, to subscription: Subscription, now: NIODeadline) {
        let track = subscription.track
        switch decision {
        case .paused:
            guard !subscription.isPaused else { return }
            subscription.isPaused = true
            subscription.targetLayer = nil
            subscription.subscriber.link?.deliver(.trackPaused(track: track.id))
        case .layer(let index, let temporalLimit):
            let rid = track.layers[index]
            subscription.maxTemporalLayer = temporalLimit
            if subscription.isPaused {
                subscription.isPaused = false
                subscription.outbound?.rewriter.switchSource()
                subscription.currentLayer = nil
                subscription.targetLayer = track.isSimulcast ? rid : nil
                requestKeyframe(for: track, layer: rid, reason: .layerSwitch, now: now)
                subscription.subscriber.link?.deliver(.trackResumed(track: track.id))
                return
            }
            guard track.isSimulcast else { return }
            if rid == subscription.currentLayer {
                subscription.targetLayer = nil
            } else if rid != subscription.targetLayer {
                subscription.targetLayer = rid
                requestKeyframe(for: track, layer: rid, reason: .layerSwitch, now: now)
            } else {
                // Still waiting for the target's keyframe: ask again (throttled).
                requestKeyframe(for: track, layer: rid, reason: .layerSwitch, now: now)
            }
        }
    }

    /// Dynacast: tells each simulcast publisher which layers of its tracks
    /// some subscriber gets, whenever that set changes, so it may stop
    /// encoding the others (layers nobody gets are not forwarded anyway).
    func updateWantedLayers(now: NIODeadline) {
        for track in publishedTracks where track.kind == .video && track.isSimulcast {
            var wanted: Set<String> = []
            for subscription in track.subscriptions.values
            where subscription.outbound != nil && !subscription.isPaused && !subscription.settings.disabled {
                if let layer = subscription.currentLayer { wanted.insert(layer) }
                if let layer = subscription.targetLayer { wanted.insert(layer) }
            }
            let rids = track.layers.filter { wanted.contains($0) }
            guard rids != track.announcedActiveLayers else { continue }
            track.announcedActiveLayers = rids
            track.publisher.link?.deliver(.layersWanted(track: track.id, rids: rids))
        }
    }
}
