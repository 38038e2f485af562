/// One received stream in the report: which bot received it, whose it is.
public struct StreamReport: Sendable, Hashable, Codable {
    /// The subscribing bot's name.
    public var subscriber: String
    /// The publishing participant's id (as the server named it).
    public var publisher: String
    /// `audio` or `video`.
    public var kind: String
    public var statistics: StreamStatistics
}

/// What a subscribing bot measured on one received stream, or the sum of
/// several.
public struct StreamStatistics: Sendable, Hashable, Codable {
    public var streams = 0
    public var packetsReceived: UInt64 = 0
    /// Expected but never received (RFC 3550 §A.3; retransmissions that
    /// arrived count as received).
    public var packetsLost: Int64 = 0
    public var bytesReceived: UInt64 = 0
    /// Sum of the streams' interarrival jitter in milliseconds (mean = sum / streams).
    public var jitterMillisecondsSum: Double = 0
    public var framesCompleted: UInt64 = 0
    /// Gaps of more than 500 ms between completed frames, and their total length.
    public var freezes: UInt64 = 0
    public var freezeMilliseconds: Double = 0
    /// Time from joining (or, for a stream offered later, from its offer)
    /// to the first complete keyframe, summed and the
    /// largest, over the streams that had one.
    public var firstKeyframeMillisecondsSum: Double = 0
    public var firstKeyframeMillisecondsMax: Double = 0
    public var streamsWithKeyframe = 0
    public var nacksSent: UInt64 = 0
    public var keyframeRequestsSent: UInt64 = 0

    public init() {}

    public mutating func add(_ other: StreamStatistics) {
        streams += other.streams
        packetsReceived &+= other.packetsReceived
        packetsLost += other.packetsLost
        bytesReceived &+= other.bytesReceived
        jitterMillisecondsSum += other.jitterMillisecondsSum
        framesCompleted &+= other.framesCompleted
        freezes &+= other.freezes
        freezeMilliseconds += other.freezeMilliseconds
        firstKeyframeMillisecondsSum += other.firstKeyframeMillisecondsSum
        firstKeyframeMillisecondsMax = max(firstKeyframeMillisecondsMax, other.firstKeyframeMillisecondsMax)
        streamsWithKeyframe += other.streamsWithKeyframe
        nacksSent &+= other.nacksSent
        keyframeRequestsSent &+= other.keyframeRequestsSent
    }

    /// Lost over expected, in percent.
    public var lossPercent: Double {
        let expected = Double(packetsReceived) + Double(max(0, packetsLost))
        return expected > 0 ? Double(max(0, packetsLost)) / expected * 100 : 0
    }

    public var meanJitterMilliseconds: Double { streams > 0 ? jitterMillisecondsSum / Double(streams) : 0 }
    public var meanFirstKeyframeMilliseconds: Double? {
        streamsWithKeyframe > 0 ? firstKeyframeMillisecondsSum / Double(streamsWithKeyframe) : nil
    }
}
