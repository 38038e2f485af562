/// Loss-based controller (draft-ietf-rmcat-gcc-02 §6): over each period of
/// at least `minPackets` packets and `evaluationInterval`, loss above 10 %
/// cuts the rate by half the loss (at most once per 300 ms + RTT), loss
/// between 2 and 10 % holds it, loss below 2 % raises it by 5 %.
///
/// The result is a limit on the delay-based estimate: none (nil) until loss
/// first matters, and released again once 5 % steps bring it back up to the
/// delay-based estimate, so a clean path ramps at the delay-based pace.
struct LossBasedBandwidthEstimator: Sendable {
    static let minPackets = 20
    static let evaluationInterval: Int64 = 200_000  // µs
    static let decreaseInterval: Int64 = 300_000  // µs, plus the RTT
    static let highLoss = 0.10
    static let lowLoss = 0.02
    static let increaseFactor = 1.05

    /// bit/s; nil while loss does not constrain the rate.
    private(set) var limit: Double?
    private var received = 0
    private var lost = 0
    private var lastEvaluation: Int64?
    private var lastDecrease: Int64?
    /// Loss fraction of the last evaluated period.
    private(set) var lastLossFraction = 0.0

    mutating func add(received: Int, lost: Int) {
        self.received += received
        self.lost += lost
    }

    /// Evaluates the accumulated loss at `now` (µs) against `current`, the
    /// delay-based estimate.
    mutating func update(now: Int64, rtt: Int64, current: Double) {
        let total = received + lost
        let last = lastEvaluation ?? (now - Self.evaluationInterval)
        guard total >= Self.minPackets, now - last >= Self.evaluationInterval else { return }
        lastEvaluation = now
        let loss = Double(lost) / Double(total)
        lastLossFraction = loss
        received = 0
        lost = 0
        let base = min(limit ?? current, current)
        if loss > Self.highLoss {
            if lastDecrease.map({ now - $0 >= Self.decreaseInterval + rtt }) ?? true {
                limit = base * (1 - 0.5 * loss)
                lastDecrease = now
            } else {
                limit = base
            }
        } else if loss >= Self.lowLoss {
            limit = base
        } else if let limit {
            let raised = limit * Self.increaseFactor
            self.limit = raised >= current ? nil : raised
        }
    }

    mutating func clamp(to bounds: ClosedRange<Double>) {
        limit = limit.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
    }
}
