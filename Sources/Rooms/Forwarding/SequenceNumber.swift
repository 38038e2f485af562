/// Wrap-aware arithmetic on 16-bit RTP sequence numbers (RFC 3550 §A.1):
/// `a` is newer than `b` when `a - b`, taken modulo 2^16, lies in
/// 1..<32768, so 0 follows 65535.
public enum SequenceNumber {
    /// The signed distance from `b` to `a` in -32768...32767 (positive:
    /// `a` is newer).
    @inlinable
    public static func distance(from b: UInt16, to a: UInt16) -> Int {
        Int(Int16(truncatingIfNeeded: a &- b))
    }

    /// Whether `a` comes after `b` in RTP order.
    @inlinable
    public static func isNewer(_ a: UInt16, than b: UInt16) -> Bool {
        distance(from: b, to: a) > 0
    }

    /// The newer of two sequence numbers in RTP order.
    @inlinable
    public static func newest(_ a: UInt16, _ b: UInt16) -> UInt16 {
        isNewer(a, than: b) ? a : b
    }
}

/// Turns a stream of 16-bit sequence numbers into a 64-bit count that does
/// not wrap (RFC 3550 §A.1 "extended" numbers): each value is placed
/// within ±32768 of the highest seen so far.
public struct SequenceNumberUnwrapper: Sendable, Hashable {
    /// The highest extended value seen, nil before the first.
    public private(set) var highest: Int64?

    public init() {}

    /// The extended value of `value`, without recording it.
    public func peek(_ value: UInt16) -> Int64 {
        guard let highest else { return Int64(value) + 65_536 }
        let delta = SequenceNumber.distance(from: UInt16(truncatingIfNeeded: highest), to: value)
        return highest + Int64(delta)
    }

    /// The extended value of `value`, raising `highest` when it is newer.
    /// The first value is placed at `value + 65536` so that late packets
    /// before it stay positive.
    public mutating func unwrap(_ value: UInt16) -> Int64 {
        let extended = peek(value)
        if highest.map({ extended > $0 }) ?? true { highest = extended }
        return extended
    }

    /// Forgets the history: the next value starts a new count.
    public mutating func reset() {
        highest = nil
    }
}

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
