import NIOCore

/// The retransmission timeout from RTT measurements (RFC 9260 §6.3.1,
/// the RFC 6298 algorithm with alpha 1/8, beta 1/4).
struct SCTPRTOEstimator: Sendable {
    let minimum: TimeAmount
    let maximum: TimeAmount
    private(set) var rto: TimeAmount
    private var smoothed: Int64?
    private var variation: Int64 = 0

    init(initial: TimeAmount, minimum: TimeAmount, maximum: TimeAmount) {
        self.minimum = minimum
        self.maximum = maximum
        rto = initial
    }

    /// A new round-trip sample from a chunk sent once (Karn's rule, §6.3.1 C5).
    mutating func measure(_ rtt: TimeAmount) {
        let sample = max(0, rtt.nanoseconds)
        if let srtt = smoothed {
            variation = variation - variation / 4 + abs(srtt - sample) / 4
            smoothed = srtt - srtt / 8 + sample / 8
        } else {
            smoothed = sample
            variation = sample / 2
        }
        rto = clamp(.nanoseconds((smoothed ?? 0) &+ max(variation &* 4, 1_000_000)))
    }

    /// The timer expired: double the RTO (§6.3.3 E2).
    mutating func backOff() {
        rto = clamp(.nanoseconds(rto.nanoseconds.multipliedReportingOverflow(by: 2).partialValue))
    }

    private func clamp(_ value: TimeAmount) -> TimeAmount {
        value < minimum ? minimum : (value > maximum || value.nanoseconds < 0 ? maximum : value)
    }
}
