import NIOCore

/// A snapshot of a room for the stats endpoint and metrics: per
/// participant its published tracks (what the server receives) and its
/// subscriptions (what it sends), with the RTCP loop's figures.
public struct RoomStats: Sendable, Codable, Hashable {
    public var room: String
    public var participants: [ParticipantStats]

    public init(room: String, participants: [ParticipantStats]) {
        self.room = room
        self.participants = participants
    }
}

/// One participant's figures.
public struct ParticipantStats: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    /// The subscribe PC's bandwidth estimate, bit/s (nil before feedback).
    public var bandwidthEstimate: UInt64?
    /// The subscribe PC's smoothed RTT, ms (nil before a receiver report).
    public var roundTripTimeMilliseconds: Double?
    public var published: [PublishedTrackStats]
    public var subscriptions: [SubscriptionStats]
    /// For one end of a relay (cascade): the far node, and `in` (its
    /// tracks published here) or `out` (it pulls this node's tracks).
    public var relay: String? = nil
    public var relayDirection: String? = nil
    /// For a pipe end of a room spread over workers: the other worker.
    public var shard: Int? = nil
}

/// What the server receives on one published track.
public struct PublishedTrackStats: Sendable, Codable, Hashable {
    public var id: String
    public var kind: String
    public var packets: UInt64
    public var bytes: UInt64
    /// RFC 3550 cumulative packets lost, all layers.
    public var packetsLost: Int64
    /// Highest interarrival jitter of its layers, RTP units.
    public var jitter: UInt32
    /// Sequence numbers NACKed to the publisher (retries included).
    public var nacksSent: UInt64
    /// Packets that arrived after being found missing.
    public var packetsRecovered: UInt64
    /// PLIs/FIRs sent to the publisher.
    public var keyframeRequestsSent: UInt64
    public var layers: [LayerStats]
}

/// One simulcast layer (rid "" without simulcast).
public struct LayerStats: Sendable, Codable, Hashable {
    public var rid: String
    public var bitrate: UInt64
    public var width: Int?
    public var height: Int?
}

/// What the server sends one subscriber for one track.
public struct SubscriptionStats: Sendable, Codable, Hashable {
    public var track: String
    public var kind: String
    public var packets: UInt64
    public var bytes: UInt64
    /// Packets of its layer not forwarded, by reason (waiting for a keyframe,
    /// codec not accepted, padding, malformed, too old).
    public var packetsDropped: [String: UInt64]
    /// The layer forwarded (rid), and the one switched to at its next keyframe.
    public var layer: String?
    public var targetLayer: String?
    public var paused: Bool
    /// From the subscriber's last receiver report: fraction lost (0...1),
    /// jitter (RTP units), RTT (ms).
    public var fractionLost: Double
    public var jitter: UInt32
    public var roundTripTimeMilliseconds: Double?
    public var nacksReceived: UInt64
    public var retransmissions: UInt64
    public var keyframeRequestsReceived: UInt64
}

extension Room {
    /// The room's figures at `now` (on the room's loop).
    public func stats(now: NIODeadline) -> RoomStats {
        RoomStats(room: name, participants: participants.map { stats(of: $0, now: now) })
    }

    private func stats(of participant: Participant, now: NIODeadline) -> ParticipantStats {
        let published = participant.tracks.map { track -> PublishedTrackStats in
            var lost: Int64 = 0
            var jitter: UInt32 = 0
            var nacks: UInt64 = 0
            var recovered: UInt64 = 0
            for stream in track.inbound.values {
                lost += stream.statistics.cumulativeLost
                jitter = max(jitter, stream.statistics.jitter)
                nacks += UInt64(stream.nacksSent)
                recovered += UInt64(stream.packetsRecovered)
            }
            let layers = track.layers.compactMap { rid -> LayerStats? in
                guard let stream = track.inboundStream(rid: rid) else { return nil }
                return LayerStats(
                    rid: rid, bitrate: track.layerBitrate(rid: rid, now: now) ?? 0, width: stream.frameWidth,
                    height: stream.frameHeight)
            }
            return PublishedTrackStats(
                id: track.id, kind: track.kind.rawValue, packets: track.packetsReceived, bytes: track.bytesReceived,
                packetsLost: lost, jitter: jitter, nacksSent: nacks, packetsRecovered: recovered,
                keyframeRequestsSent: track.keyframeRequestsSent, layers: layers)
        }
        let subscriptions = participant.subscriptions.values.sorted { $0.sequence < $1.sequence }.map {
            subscription -> SubscriptionStats in
            let outbound = subscription.outbound
            let counters = outbound?.rewriter.counters
            return SubscriptionStats(
                track: subscription.track.id, kind: subscription.track.kind.rawValue,
                packets: counters?.packetsForwarded ?? 0, bytes: counters?.bytesForwarded ?? 0,
                packetsDropped: Self.drops(counters),
                layer: subscription.currentLayer, targetLayer: subscription.targetLayer, paused: subscription.isPaused,
                fractionLost: Double(outbound?.fractionLost ?? 0) / 256, jitter: outbound?.jitter ?? 0,
                roundTripTimeMilliseconds: outbound?.roundTripTime.map(Self.milliseconds),
                nacksReceived: outbound?.nacksReceived ?? 0, retransmissions: outbound?.retransmissionsSent ?? 0,
                keyframeRequestsReceived: outbound?.pictureLossIndicationsReceived ?? 0)
        }
        var direction: String?
        switch participant.relay {
        case .none: direction = nil
        case .subscriber, .shardSubscriber: direction = "out"
        case .publisher, .shardPublisher: direction = "in"
        }
        return ParticipantStats(
            id: participant.id, name: participant.name,
            bandwidthEstimate: participant.subscriberConnection.estimate,
            roundTripTimeMilliseconds: participant.subscriberConnection.roundTripTime.map(Self.milliseconds),
            published: published, subscriptions: subscriptions, relay: participant.relay.node, relayDirection: direction,
            shard: participant.relay.worker)
    }

    private static func drops(_ counters: DownTrackCounters?) -> [String: UInt64] {
        guard let counters else { return [:] }
        var drops: [String: UInt64] = [:]
        for reason in DropReason.allCases where counters.dropped(reason) > 0 {
            drops["\(reason)"] = counters.dropped(reason)
        }
        return drops
    }

    private static func milliseconds(_ time: TimeAmount) -> Double {
        Double(time.nanoseconds) / 1_000_000
    }
}
