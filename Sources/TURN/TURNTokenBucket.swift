import NIOCore

/// A byte-rate limit (RFC 8656 §7.2 lets a server limit an allocation's
/// bandwidth): `bytesPerSecond` refill up to `burst` bytes. Tokens are
/// kept in byte-nanoseconds so refill needs no floating point.
struct TURNTokenBucket: Sendable, Hashable {
    let bytesPerSecond: Int64
    let burst: Int64
    /// Available bytes times 1e9.
    private var scaledTokens: Int64
    private var last: NIODeadline

    init(bytesPerSecond: Int, burst: Int, now: NIODeadline) {
        self.bytesPerSecond = Int64(max(1, bytesPerSecond))
        self.burst = Int64(max(1, burst))
        let (full, overflow) = self.burst.multipliedReportingOverflow(by: 1_000_000_000)
        self.scaledTokens = overflow ? .max : full
        self.last = now
    }

    /// Takes `bytes` tokens at `now`; false (and nothing taken) when short.
    mutating func take(_ bytes: Int, now: NIODeadline) -> Bool {
        if now > last {
            let elapsed = (now - last).nanoseconds
            let (refill, overflow) = elapsed.multipliedReportingOverflow(by: bytesPerSecond)
            let (full, fullOverflow) = burst.multipliedReportingOverflow(by: 1_000_000_000)
            let cap = fullOverflow ? Int64.max : full
            let (sum, sumOverflow) = scaledTokens.addingReportingOverflow(overflow ? .max : refill)
            scaledTokens = sumOverflow ? cap : min(cap, sum)
            last = now
        }
        let (cost, overflow) = Int64(bytes).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, cost <= scaledTokens else { return false }
        scaledTokens -= cost
        return true
    }
}
