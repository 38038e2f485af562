/// What the delay-based detector concludes about the path
/// (draft-ietf-rmcat-gcc-02 §5.4).
public enum BandwidthUsage: Sendable, Hashable {
    case normal
    case overusing
    case underusing
}

/// Overuse detector with an adaptive threshold (draft-ietf-rmcat-gcc-02
/// §5.4, constants of libwebrtc): overuse when the modified trend stays
/// above the threshold for more than 10 ms and keeps rising; underuse when
/// below minus the threshold. The threshold follows |trend| slowly (k_up,
/// k_down) so that it neither starves against TCP nor ignores real queues.
struct OveruseDetector: Sendable {
    static let upGain = 0.0087
    static let downGain = 0.039
    static let overusingTimeThreshold = 10.0  // ms
    static let maxAdaptOffset = 15.0  // ms
    static let thresholdRange = 6.0...600.0

    private(set) var threshold = 12.5
    private(set) var state = BandwidthUsage.normal
    private var timeOverusing: Double = -1
    private var overuseCount = 0
    private var previousTrend = 0.0
    private var lastUpdate: Double?

    /// Feeds one trend sample: `modifiedTrend` (ms), the raw `trend`, the
    /// send delta of the group (ms) and the arrival time (ms).
    mutating func detect(modifiedTrend: Double, trend: Double, samples: Int, sendDelta: Double, now: Double)
        -> BandwidthUsage
    {
        guard samples >= 2 else {
            state = .normal
            return state
        }
        if modifiedTrend > threshold {
            timeOverusing = timeOverusing < 0 ? sendDelta / 2 : timeOverusing + sendDelta
            overuseCount += 1
            if timeOverusing > Self.overusingTimeThreshold, overuseCount > 1, trend >= previousTrend {
                timeOverusing = 0
                overuseCount = 0
                state = .overusing
            }
        } else if modifiedTrend < -threshold {
            timeOverusing = -1
            overuseCount = 0
            state = .underusing
        } else {
            timeOverusing = -1
            overuseCount = 0
            state = .normal
        }
        previousTrend = trend
        updateThreshold(modifiedTrend: modifiedTrend, now: now)
        return state
    }

    private mutating func updateThreshold(modifiedTrend: Double, now: Double) {
        let last = lastUpdate ?? now
        lastUpdate = now
        let magnitude = abs(modifiedTrend)
        // A spike far above the threshold (a route change) must not drag it up.
        if magnitude > threshold + Self.maxAdaptOffset { return }
        let gain = magnitude < threshold ? Self.downGain : Self.upGain
        let elapsed = min(max(now - last, 0), 100)
        threshold += gain * (magnitude - threshold) * elapsed
        threshold = min(max(threshold, Self.thresholdRange.lowerBound), Self.thresholdRange.upperBound)
    }
}
