import NIOCore

/// A token bucket for one participant's data channel messages: `rate`
/// tokens a second up to `burst`; a message takes `cost` (one per message,
/// or its bytes).
struct MessageRateLimiter {
    let rate: Int
    let burst: Int
    private var tokens: Double
    private var refilledAt: NIODeadline?

    init(rate: Int, burst: Int) {
        self.rate = rate
        self.burst = max(1, burst)
        self.tokens = Double(max(1, burst))
    }

    /// Takes `cost` tokens if there are that many.
    mutating func allow(cost: Int = 1, now: NIODeadline) -> Bool {
        if let refilledAt, now > refilledAt {
            let seconds = Double((now - refilledAt).nanoseconds) / 1e9
            tokens = min(Double(burst), tokens + seconds * Double(rate))
        }
        refilledAt = now
        guard tokens >= Double(cost) else { return false }
        tokens -= Double(cost)
        return true
    }
}
