/// Loss-based controller (draft-ietf-rmcat-gcc-02 §6): over each period of
/// at least `minPackets` packets and `evaluationInterval`, loss above 10 %
/// cuts the rate by half the loss (at most once per 300 ms + RTT), loss
/// below 2 % raises it by 5 %, in between it holds.
struct LossBasedBandwidthEstimator: Sendable {
    static let minPackets = 20
    static let evaluationInterval: Int64 = 200_000  // µs
    static let decreaseInterval: Int64 = 300_000  // µs, plus the RTT
    static let highLoss = 0.10
    static let lowLoss = 0.02
    static let increaseFactor = 1.05

    /// bit/s
    private(set) var bitrate: Double
    private var received = 0
    private var lost = 0
    private var lastEvaluation: Int64?
    private var lastDecrease: Int64?
    /// Loss fraction of the last evaluated period.
    private(set) var lastLossFraction = 0.0

    init(startBitrate: Double) {
        bitrate = startBitrate
    }

    mutating func add(received: Int, lost: Int) {
        self.received += received
        self.lost += lost
    }

    /// Evaluates the accumulated loss at `now` (µs); never lets the rate
    /// rise above `ceiling` (the delay-based estimate), as libwebrtc caps it.
    mutating func update(now: Int64, rtt: Int64, ceiling: Double) {
        let total = received + lost
        let last = lastEvaluation ?? (now - Self.evaluationInterval)
        guard total >= Self.minPackets, now - last >= Self.evaluationInterval else {
            bitrate = min(bitrate, ceiling)
            return
        }
        lastEvaluation = now
        let loss = Double(lost) / Double(total)
        lastLossFraction = loss
        received = 0
        lost = 0
        if loss > Self.highLoss {
            if lastDecrease.map({ now - $0 >= Self.decreaseInterval + rtt }) ?? true {
                bitrate *= 1 - 0.5 * loss
                lastDecrease = now
            }
        } else if loss < Self.lowLoss {
            bitrate *= Self.increaseFactor
        }
        bitrate = min(bitrate, ceiling)
    }

    mutating func clamp(to bounds: ClosedRange<Double>) {
        bitrate = min(max(bitrate, bounds.lowerBound), bounds.upperBound)
    }
}
