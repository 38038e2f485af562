import Testing

@testable import RTPStreams

@Suite struct TWCCReferenceTimeUnwrapperTests {
    @Test func honestWrapsContinueTheLine() {
        var unwrapper = TWCCReferenceTimeUnwrapper()
        // The field is signed 24 bits on the wire; its low 24 bits count.
        let values = [0x7F_FFFE, -0x80_0000, -1, 0, 5, 3].map { unwrapper.unwrap(Int32($0)) }
        #expect(values.map(\.value) == [0x7F_FFFE, 0x80_0000, 0xFF_FFFF, 0x100_0000, 0x100_0005, 0x100_0003])
        #expect(values.allSatisfy { !$0.restarted })
    }

    /// A peer stepping each feedback's reference time by just under half
    /// the range pushed the old unwrap 2^23 units per packet; its product
    /// with 64,000 µs overflowed Int64 after ~16.8M packets. Bounded now:
    /// the line restarts, and every value times 64,000 fits with room.
    @Test(arguments: [(1 << 23) - 1, -(1 << 23)])
    func adversarialStepsStayBounded(step: Int) {
        var unwrapper = TWCCReferenceTimeUnwrapper()
        var raw = 0
        var largest: Int64 = 0
        var restarts = 0
        for _ in 0..<20_000_000 {
            raw = (raw + step) & 0xFF_FFFF
            let (value, restarted) = unwrapper.unwrap(Int32(truncatingIfNeeded: raw))
            largest = max(largest, abs(value))
            if restarted { restarts += 1 }
        }
        #expect(largest <= TWCCReferenceTimeUnwrapper.limit)
        #expect(!largest.multipliedReportingOverflow(by: 64_000 * 1_024).overflow)
        // 2^28 / 2^23: a restart about every 32 steps.
        #expect(restarts > 20_000_000 / 40)
    }
}
