/// Wrap-aware helpers for 32-bit RTP timestamps (RFC 3550 §5.1: they wrap
/// modulo 2^32).
public enum RTPTimestamp {
    /// The signed distance from `b` to `a` (positive: `a` is later).
    @inlinable
    public static func distance(from b: UInt32, to a: UInt32) -> Int64 {
        Int64(Int32(truncatingIfNeeded: a &- b))
    }

    /// Whether `a` is later than `b`, modulo 2^32.
    @inlinable
    public static func isNewer(_ a: UInt32, than b: UInt32) -> Bool {
        distance(from: b, to: a) > 0
    }

    /// RTP ticks in `nanoseconds` at `clockRate` Hz, rounded down, with
    /// the duration clamped to 0...1 hour so the product cannot overflow.
    @inlinable
    public static func ticks(nanoseconds: Int64, clockRate: UInt32) -> UInt32 {
        let clamped = min(max(nanoseconds, 0), 3_600_000_000_000)
        // 3.6e12 ns × 2^32 Hz would overflow; real clock rates are ≤ 10^6.
        let rate = Int64(min(clockRate, 1_000_000))
        return UInt32(truncatingIfNeeded: clamped * rate / 1_000_000_000)
    }
}
