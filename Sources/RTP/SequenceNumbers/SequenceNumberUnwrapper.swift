/// Turns a stream of 16-bit sequence numbers into a 64-bit count that does
/// not wrap (RFC 3550 §A.1 "extended" numbers): each value is placed
/// within ±32768 of the highest seen so far. Used by the forwarder and the
/// per-stream RTCP state.
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
