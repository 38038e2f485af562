import Testing

@testable import Rooms

@Suite struct ContinuousCounterTests {
    @Test func keepsOffsetsAndRebases() {
        var counter = ContinuousCounter()
        do { let value = counter.map(120, bits: 7); #expect(value == 120) }
        do { let value = counter.map(127, bits: 7); #expect(value == 127) }
        do { let value = counter.map(3, bits: 7); #expect(value == 3) }  // wrapped, gap kept
        do { let value = counter.map(125, bits: 7); #expect(value == 125) }  // late
        counter.rebase()
        do { let value = counter.map(9_000, bits: 15) & 0x7F; #expect(value == 4) }
        let next = counter.map(9_001, bits: 15)
        #expect(next & 0x7F == 5)
        counter.rebase()
        do { let value = counter.map(40, bits: 7); #expect(value == 6) }
        var tl0 = ContinuousCounter()
        do { let value = tl0.map(255, bits: 8); #expect(value == 255) }
        tl0.rebase()
        do { let value = tl0.map(17, bits: 8); #expect(value == 0) }
    }
}
