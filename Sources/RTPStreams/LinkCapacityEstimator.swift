/// Running estimate of the link capacity from the acknowledged bitrate at
/// each overuse (libwebrtc's LinkCapacityEstimator): near it the rate
/// controller increases additively, far from it multiplicatively
/// (draft-ietf-rmcat-gcc-02 §5.5).
struct LinkCapacityEstimator: Sendable {
    /// kbit/s, nil until the first overuse.
    private(set) var estimate: Double?
    private var deviation = 0.4

    var hasEstimate: Bool { estimate != nil }

    /// Upper edge of the convergence region, bit/s.
    var upperBound: Double? {
        estimate.map { ($0 + 3 * (deviation * $0).squareRoot()) * 1000 }
    }

    /// Lower edge of the convergence region, bit/s.
    var lowerBound: Double? {
        estimate.map { max(0, $0 - 3 * (deviation * $0).squareRoot()) * 1000 }
    }

    mutating func onOveruse(ackedBitrate: Double) {
        update(sample: ackedBitrate, alpha: 0.05)
    }

    mutating func reset() {
        estimate = nil
    }

    private mutating func update(sample: Double, alpha: Double) {
        let sampleKbps = sample / 1000
        let current = estimate.map { (1 - alpha) * $0 + alpha * sampleKbps } ?? sampleKbps
        estimate = current
        // Variance normalised by the estimate, so it is scale free.
        let error = current - sampleKbps
        deviation = (1 - alpha) * deviation + alpha * error * error / max(current, 1)
        deviation = min(max(deviation, 0.4), 2.5)
    }
}
