import NIOCore
import RTCP

extension Room {
    /// Asks the publisher for a keyframe of the layer `subscription` gets
    /// (or is switching to).
    func requestKeyframe(for subscription: Subscription, reason: KeyframeRequestReason, now: NIODeadline) {
        let track = subscription.track
        guard let layer = subscription.wantedLayer ?? track.layers.last else { return }
        requestKeyframe(for: track, layer: layer, reason: reason, now: now)
    }

    /// Asks `track`'s publisher for a keyframe of its `forwardedRID` layer
    /// (the one a recorder takes), or of its only one.
    func requestKeyframe(for track: PublishedTrack, reason: KeyframeRequestReason, now: NIODeadline) {
        guard let layer = track.forwardedRID ?? track.layers.last else { return }
        requestKeyframe(for: track, layer: layer, reason: reason, now: now)
    }

    /// Asks `track`'s publisher for a keyframe of `layer` now, or when that
    /// layer's throttle hold-off ends (`tick`).
    func requestKeyframe(for track: PublishedTrack, layer: String, reason: KeyframeRequestReason, now: NIODeadline) {
        guard track.kind == .video else { return }
        if track.keyframeRequests[layer, default: KeyframeRequestThrottle()].request(now: now, reason: reason) {
            sendKeyframeRequest(for: track, layer: layer)
        }
    }

    /// Sends the keyframe requests whose hold-off ended.
    func pollKeyframeRequests(now: NIODeadline) {
        for track in publishedTracks where track.kind == .video && !track.keyframeRequests.isEmpty {
            for layer in Array(track.keyframeRequests.keys) where track.keyframeRequests[layer]?.poll(now: now) == true {
                sendKeyframeRequest(for: track, layer: layer)
            }
        }
    }

    private func sendKeyframeRequest(for track: PublishedTrack, layer: String) {
        guard let ssrc = track.ssrcsByRID[layer] ?? (layer.isEmpty ? track.media.ssrc : nil),
            let link = track.publisher.link, let codec = track.media.codecs.first?.codec,
            let method = KeyframeRequestWriter.method(for: codec)
        else { return }
        if track.keyframeWriters[ssrc]?.method != method {
            track.keyframeWriters[ssrc] = KeyframeRequestWriter(senderSSRC: Self.serverSSRC, mediaSSRC: ssrc, method: method)
        }
        var buffer = ByteBuffer()
        track.keyframeWriters[ssrc]?.write(into: &buffer)
        link.sendToPublisher(rtcp: &buffer)
        track.keyframeRequestsSent &+= 1
        counters.keyframeRequestsSent &+= 1
    }
}
