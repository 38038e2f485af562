/// SplitMix64: the association's source of verification tags and initial
/// TSNs. Seeded from the system generator in production, fixed in tests;
/// the DTLS layer below authenticates every packet, so the tags only need
/// to differ between associations, not to resist a blind attacker.
struct SCTPRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A non-zero 32-bit value (a verification tag must not be 0, RFC 9260 §3.3.2).
    mutating func nonZero32() -> UInt32 {
        let value = UInt32(truncatingIfNeeded: next())
        return value == 0 ? 1 : value
    }
}
