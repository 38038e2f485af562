/// Unwraps the 24-bit reference time of TWCC feedback (64 ms units, it
/// wraps every 12.4 days) into a count that does not wrap, so arrival
/// times of consecutive feedback packets stay on one line.
///
/// The peer picks every value: one that keeps stepping forward by just
/// under half the range moves a plain unwrap 2^23 units per packet, and
/// its microseconds (× 64,000) past Int64 after ~2^24 packets. So the count
/// stays within ±`limit`; past it the timeline restarts at the raw value,
/// and the caller forgets what it built on the old one.
struct TWCCReferenceTimeUnwrapper: Sendable, Hashable {
    /// Values of the 24-bit field.
    static let modulus: Int64 = 1 << 24
    /// ±2^28 units of 64 ms is about 200 days, far beyond an honest
    /// session; in µs that is below 2^45, so sums of it cannot overflow.
    static let limit: Int64 = 1 << 28

    /// The unwrapped value of the previous feedback, nil before the first.
    private(set) var last: Int64?

    /// The unwrapped value of `referenceTime` (its low 24 bits), and whether
    /// the timeline restarted because the value left ±`limit`.
    mutating func unwrap(_ referenceTime: Int32) -> (value: Int64, restarted: Bool) {
        let raw = Int64(UInt32(bitPattern: referenceTime) & 0xFF_FFFF)
        guard let last else {
            self.last = raw
            return (raw, false)
        }
        // The step to the nearest value with these low bits: -2^23..<2^23.
        var difference = (raw - last) & (Self.modulus - 1)
        if difference >= Self.modulus / 2 { difference -= Self.modulus }
        let value = last + difference
        guard abs(value) <= Self.limit else {
            self.last = raw
            return (raw, true)
        }
        self.last = value
        return (value, false)
    }
}
