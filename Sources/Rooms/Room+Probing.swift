import NIOCore
import RTP
import RTPStreams

extension Room {
    /// Padding packets sent per subscriber per tick at most (at 50 ms
    /// ticks, about 6.5 Mbit/s of padding).
    static let maxPaddingPacketsPerTick = 160

    /// Runs `subscriber`'s padding probe for the `elapsed` since the last
    /// tick: when its video wants more than the estimate allows, padding on
    /// an RTX stream (which the receiver counts, in TWCC or in the
    /// abs-send-time estimate behind its REMB, and discards) shows whether
    /// the path carries more; a probe that got through raises the estimate
    /// and the layers are chosen again. A subscriber that negotiated TWCC
    /// is probed from its first video on, before any feedback (libwebrtc's
    /// initial probes), so its estimate starts near its path, not at 300 kbit/s.
    func probeBandwidth(of subscriber: Participant, elapsed: TimeAmount, now: NIODeadline) {
        // A pipe between shards is memory: nothing to probe.
        guard !subscriber.relay.isShardPipe, let link = subscriber.link,
            let carrier = subscriber.subscriptions.values.first(where: Self.canCarryPadding)
        else { return }
        let negotiatedTransportWide = (carrier.outbound?.transportWideCCID ?? 0) != 0
        let hasFeedback = subscriber.subscriberConnection.hasBandwidthFeedback
        guard hasFeedback || negotiatedTransportWide else { return }
        let transportWide = subscriber.subscriberConnection.hasTransportFeedback || (!hasFeedback && negotiatedTransportWide)
        var worstLoss: UInt8 = 0
        for subscription in subscriber.subscriptions.values {
            worstLoss = max(worstLoss, subscription.outbound?.fractionLost ?? 0)
        }
        if subscriber.subscriberConnection.runProbe(
            transportWide: transportWide, worstLoss: worstLoss, elapsed: elapsed, now: now) != nil
        {
            allocateLayers(for: subscriber, now: now)
        }
        guard subscriber.subscriberConnection.owesPadding,
            let transportWideCCID = carrier.outbound?.transportWideCCID
        else { return }
        let absSendTime = AbsoluteSendTimeExtension(nanoseconds: UInt64(max(0, now.uptimeNanoseconds))).rawValue
        var sent = 0
        while subscriber.subscriberConnection.owesPadding, sent < Self.maxPaddingPacketsPerTick,
            var packet = carrier.outbound?.paddingPacket(absSendTime: absSendTime)
        {
            _ = subscriber.subscriberConnection.send(
                &packet, .padding, transportWideCCID: transportWideCCID, on: link, now: now)
            sent += 1
        }
    }

    /// A video down track with RTX and a send-time extension to pad on.
    static func canCarryPadding(_ subscription: Subscription) -> Bool {
        subscription.track.kind == .video && subscription.outbound?.canCarryPadding == true
    }
}
