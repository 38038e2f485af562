import NIOCore

/// One socket's message allowance: a token bucket of `burst` messages
/// refilled at `perSecond`, kept as the generic cell rate algorithm's
/// theoretical arrival time (no float, no refill step).
struct MessageRateLimit: Sendable {
    private let interval: Int64
    private let tolerance: Int64
    private var theoreticalArrival: Int64 = 0

    init(perSecond: Int, burst: Int) {
        interval = 1_000_000_000 / Int64(max(1, perSecond))
        tolerance = interval * Int64(max(1, burst) - 1)
    }

    /// Takes a token at `now`; false when the socket is over its rate.
    mutating func allow(now: NIODeadline) -> Bool {
        let time = Int64(clamping: now.uptimeNanoseconds)
        let start = max(theoreticalArrival, time)
        guard start - time <= tolerance else { return false }
        theoreticalArrival = start + interval
        return true
    }
}
