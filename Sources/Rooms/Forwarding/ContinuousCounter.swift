/// Rewrites a small wrapping counter carried in a payload (the VP8 picture
/// ID, 7 or 15 bits; TL0PICIDX, 8 bits) so the values a subscriber sees
/// stay continuous when the forwarder changes source.
///
/// Within one source the output is the input plus a fixed offset (gaps and
/// reordering carry over). After `rebase()` the next value continues at the
/// highest value written + 1, whatever the new source's numbering and
/// width. Values are kept unwrapped (64-bit) so that a width change, 7 to
/// 15 bits, keeps the low bits continuous.
public struct ContinuousCounter: Sendable, Hashable {
    private var highestInput: Int64 = 0
    private var offset: Int64 = 0
    private var highestOutput: Int64 = 0
    private var width = 0
    private var hasOutput = false
    private var needsBase = true

    public init() {}

    /// Makes the next value continue at the highest output + 1 (on a
    /// source switch).
    public mutating func rebase() {
        needsBase = true
    }

    /// Takes `value` (a frame left out on purpose) out of the numbering when
    /// it is newer than every value seen, so later values shift down by one
    /// and no gap appears; older or repeated values change nothing.
    public mutating func skip(_ value: UInt16, bits: Int) {
        let bits = min(max(bits, 1), 16)
        guard !needsBase, bits == width else { return }
        let modulus = Int64(1) << Int64(bits)
        let mask = modulus - 1
        var delta = (Int64(value) & mask - (highestInput & mask)) & mask
        if delta >= modulus / 2 { delta -= modulus }
        guard delta > 0 else { return }
        highestInput += delta
        offset -= 1
    }

    /// The value to write for input `value` of `bits` bits (1-16); the
    /// result fits in `bits` bits.
    public mutating func map(_ value: UInt16, bits: Int) -> UInt16 {
        let bits = min(max(bits, 1), 16)
        let modulus = Int64(1) << Int64(bits)
        let mask = modulus - 1
        let input = Int64(value) & mask
        var extended: Int64
        if needsBase || bits != width {
            // A fresh count, far enough above 0 that late values stay positive.
            extended = input + (Int64(1) << 17)
            // The first source keeps its own numbering; later ones continue.
            offset = hasOutput ? highestOutput + 1 - extended : 0
            highestInput = extended
            width = bits
            needsBase = false
        } else {
            var delta = (input - (highestInput & mask)) & mask
            if delta >= modulus / 2 { delta -= modulus }
            extended = highestInput + delta
            if extended > highestInput { highestInput = extended }
        }
        let output = extended + offset
        if !hasOutput || output > highestOutput {
            highestOutput = output
            hasOutput = true
        }
        return UInt16(truncatingIfNeeded: output & mask)
    }
}
