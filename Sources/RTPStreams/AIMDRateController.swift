/// Delay-based rate controller (draft-ietf-rmcat-gcc-02 §5.5, libwebrtc's
/// AimdRateController): a state machine driven by the detector's signal.
/// Increase: multiplicative far from the link capacity (8 %/s by default,
/// faster before the first overuse, where no probe measured the path),
/// additive (about one packet per response time) near it; never above 1.5x
/// the acknowledged bitrate. Decrease: to 0.85x the acknowledged bitrate,
/// then hold.
struct AIMDRateController: Sendable {
    enum State: Sendable { case hold, increase, decrease }

    static let beta = 0.85
    static let packetBits = 1200.0 * 8
    static let framesPerSecond = 30.0

    /// bit/s
    private(set) var bitrate: Double
    private(set) var state = State.increase
    private var linkCapacity = LinkCapacityEstimator()
    private var lastUpdate: Int64?  // µs
    private var lastChange: Int64?  // µs
    /// Whether an overuse was ever seen: the end of the start-up ramp.
    private(set) var sawOveruse = false
    let increasePerSecond: Double
    let startupIncreasePerSecond: Double
    let bounds: ClosedRange<Double>

    init(startBitrate: Double, bounds: ClosedRange<Double>, increasePerSecond: Double, startupIncreasePerSecond: Double) {
        self.bounds = bounds
        bitrate = min(max(startBitrate, bounds.lowerBound), bounds.upperBound)
        self.increasePerSecond = increasePerSecond
        self.startupIncreasePerSecond = startupIncreasePerSecond
    }

    /// Applies the detector's `usage` at `now` (µs) with the acknowledged
    /// bitrate, if known, and the round-trip time (µs).
    /// A probe showed the path carries `bitrate`: the rate jumps there (never
    /// down) and the old link-capacity estimate, now known too low, is dropped.
    mutating func applyProbeResult(_ probed: Double) {
        guard probed > bitrate else { return }
        bitrate = min(probed, bounds.upperBound)
        linkCapacity.reset()
        state = .hold
    }

    mutating func update(usage: BandwidthUsage, ackedBitrate: Double?, rtt: Int64, now: Int64) {
        let elapsed = Double(min(max(now - (lastUpdate ?? now), 0), 1_000_000)) / 1_000_000
        lastUpdate = now
        switch usage {
        case .normal where state == .hold:
            state = .increase
        case .overusing:
            // One decrease per reduction interval, unless throughput collapsed.
            if state != .decrease, timeToReduceFurther(now: now, rtt: rtt, ackedBitrate: ackedBitrate) {
                state = .decrease
            }
        case .underusing:
            state = .hold
        default:
            break
        }
        switch state {
        case .hold:
            break
        case .increase:
            if let upper = linkCapacity.upperBound, bitrate > upper { linkCapacity.reset() }
            var next: Double
            if linkCapacity.hasEstimate {
                next = bitrate + additiveIncreaseRate(rtt: rtt) * elapsed
            } else {
                let rate = sawOveruse ? increasePerSecond : startupIncreasePerSecond
                next = bitrate + max(bitrate * (exponential(elapsed * logarithmOnePlus(rate)) - 1), 1000 * elapsed)
            }
            if let acked = ackedBitrate {
                let limit = 1.5 * acked + 10_000
                if next > limit { next = max(bitrate, limit) }
            }
            bitrate = next
        case .decrease:
            var decreased = Self.beta * (ackedBitrate ?? bitrate)
            if decreased > bitrate, let capacity = linkCapacity.estimate { decreased = Self.beta * capacity * 1000 }
            if decreased < bitrate { bitrate = decreased }
            if let acked = ackedBitrate { linkCapacity.onOveruse(ackedBitrate: acked) }
            sawOveruse = true
            lastChange = now
            state = .hold
        }
        bitrate = min(max(bitrate, bounds.lowerBound), bounds.upperBound)
    }

    private func timeToReduceFurther(now: Int64, rtt: Int64, ackedBitrate: Double?) -> Bool {
        let interval = min(max(rtt, 10_000), 200_000)
        if let lastChange, now - lastChange < interval {
            if let acked = ackedBitrate { return acked < 0.5 * bitrate }
            return false
        }
        return true
    }

    /// About one average packet per response time (rtt + 100 ms), bit/s per s.
    private func additiveIncreaseRate(rtt: Int64) -> Double {
        let frameBits = bitrate / Self.framesPerSecond
        let packetsPerFrame = (frameBits / Self.packetBits).rounded(.up)
        let packetBits = frameBits / max(packetsPerFrame, 1)
        let responseTime = Double(rtt + 100_000) / 1_000_000
        return max(4000, packetBits / responseTime)
    }
}

/// e^x by its Taylor series, for the small x used here (|x| < 2); the
/// standard library has no exp without Foundation.
func exponential(_ x: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    for n in 1...20 {
        term *= x / Double(n)
        sum += term
    }
    return sum
}

/// ln(1 + r) by the series of atanh: ln(1+r) = 2 atanh(r / (2 + r)), fast for r >= 0.
func logarithmOnePlus(_ r: Double) -> Double {
    let y = r / (2 + r)
    let y2 = y * y
    var power = y
    var sum = 0.0
    for n in stride(from: 1, through: 39, by: 2) {
        sum += power / Double(n)
        power *= y2
    }
    return 2 * sum
}
