/// Turns wrapping 16-bit sequence numbers (RTP or transport-wide) into a
/// 64-bit count that does not wrap (RFC 3550 §A.1 "extended" numbers):
/// each value is placed within ±32768 of the highest seen so far.
///
/// Same idea as Rooms' `SequenceNumberUnwrapper`, kept here so that layer 1
/// does not depend on layer 2.
public struct SequenceUnwrapper: Sendable, Hashable {
    /// The highest extended value seen, nil before the first.
    public private(set) var highest: Int64?

    public init() {}

    /// The signed distance from `b` to `a` in -32768...32767 (positive: `a`
    /// is newer), RFC 3550 §A.1 ordering.
    @inlinable
    public static func distance(from b: UInt16, to a: UInt16) -> Int {
        Int(Int16(truncatingIfNeeded: a &- b))
    }

    /// The extended value of `value`, without recording it.
    public func peek(_ value: UInt16) -> Int64 {
        guard let highest else { return Int64(value) + 65_536 }
        return highest + Int64(Self.distance(from: UInt16(truncatingIfNeeded: highest), to: value))
    }

    /// The extended value of `value`, raising `highest` when it is newer.
    /// The first value is placed at `value + 65536` so that packets older
    /// than it stay positive.
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
