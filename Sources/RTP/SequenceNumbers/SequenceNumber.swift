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
