/// Trendline filter of the delay-based controller (libwebrtc's
/// TrendlineEstimator, the successor of draft-ietf-rmcat-gcc-02 §5.3's
/// Kalman filter): accumulates the inter-group delay variation, smooths it,
/// and fits a line over the last `windowSize` groups; the slope, scaled, is
/// the delay trend the overuse detector compares with its threshold.
struct TrendlineEstimator: Sendable {
    static let windowSize = 20
    static let smoothingCoefficient = 0.9
    static let thresholdGain = 4.0

    private var firstArrival: Double?
    private var accumulatedDelay = 0.0
    private var smoothedDelay = 0.0
    private var deltaCount = 0
    /// Ring of (arrival ms since first, smoothed delay ms).
    private var window: [(x: Double, y: Double)]
    private var head = 0
    /// The latest raw slope.
    private(set) var trend = 0.0

    init() {
        window = []
        window.reserveCapacity(Self.windowSize)
    }

    /// The slope scaled by the number of deltas seen (capped at 60) and the
    /// gain, as the detector wants it (ms).
    var modifiedTrend: Double {
        Double(min(deltaCount, 60)) * trend * Self.thresholdGain
    }

    /// Number of deltas seen (capped).
    var samples: Int { deltaCount }

    mutating func update(sendDelta: Double, arrivalDelta: Double, arrivalTime: Double) {
        let delta = arrivalDelta - sendDelta
        deltaCount = min(deltaCount + 1, 1000)
        let first = firstArrival ?? arrivalTime
        firstArrival = first
        accumulatedDelay += delta
        smoothedDelay = Self.smoothingCoefficient * smoothedDelay + (1 - Self.smoothingCoefficient) * accumulatedDelay
        let point = (x: arrivalTime - first, y: smoothedDelay)
        if window.count < Self.windowSize {
            window.append(point)
        } else {
            window[head] = point
            head = (head + 1) % Self.windowSize
        }
        if window.count == Self.windowSize, let slope = Self.slope(window) {
            trend = slope
        }
    }

    /// Least-squares slope of y over x; nil when all x are equal.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        var sumX = 0.0
        var sumY = 0.0
        for point in points {
            sumX += point.x
            sumY += point.y
        }
        let meanX = sumX / Double(points.count)
        let meanY = sumY / Double(points.count)
        var numerator = 0.0
        var denominator = 0.0
        for point in points {
            numerator += (point.x - meanX) * (point.y - meanY)
            denominator += (point.x - meanX) * (point.x - meanX)
        }
        return denominator == 0 ? nil : numerator / denominator
    }
}
