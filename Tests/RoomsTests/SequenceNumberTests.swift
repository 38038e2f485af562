import RTP
import Testing
import TestSupport

@testable import Rooms

@Suite struct SequenceNumberTests {
    @Test func wrapAwareComparison() {
        #expect(SequenceNumber.isNewer(0, than: 65_535))
        #expect(!SequenceNumber.isNewer(65_535, than: 0))
        #expect(SequenceNumber.distance(from: 65_530, to: 4) == 10)
        #expect(SequenceNumber.distance(from: 4, to: 65_530) == -10)
        #expect(SequenceNumber.newest(65_000, 100) == 100)
        #expect(!SequenceNumber.isNewer(7, than: 7))
        #expect(RTPTimestamp.isNewer(5, than: 0xFFFF_FFF0))
        #expect(RTPTimestamp.distance(from: 10, to: 4) == -6)
    }

    @Test func ticksAreClampedAndRounded() {
        #expect(RTPTimestamp.ticks(nanoseconds: 100_000_000, clockRate: 90_000) == 9_000)
        #expect(RTPTimestamp.ticks(nanoseconds: 20_000_000, clockRate: 48_000) == 960)
        #expect(RTPTimestamp.ticks(nanoseconds: -5, clockRate: 90_000) == 0)
        #expect(RTPTimestamp.ticks(nanoseconds: .max, clockRate: .max) == UInt32(truncatingIfNeeded: Int64(3_600) * 1_000_000))
    }

    @Test func unwrapperFollowsWrapsBothWays() {
        var unwrapper = SequenceNumberUnwrapper()
        let first = unwrapper.unwrap(65_534)
        do { let value = unwrapper.unwrap(65_535); #expect(value == first + 1) }
        do { let value = unwrapper.unwrap(2); #expect(value == first + 4) }
        do { let value = unwrapper.unwrap(65_533); #expect(value == first - 1) }  // late, before the wrap
        #expect(unwrapper.highest == first + 4)
    }

    @Test func unwrapperMatchesACounterOnRandomWalks() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<50 {
            var unwrapper = SequenceNumberUnwrapper()
            var truth = Int64.random(in: 0...1_000_000, using: &random)
            let base = unwrapper.unwrap(UInt16(truncatingIfNeeded: truth)) - truth
            var highest = truth
            for _ in 0..<200 {
                // Steps within ±(half range), relative to the highest seen.
                truth = highest + Int64.random(in: -3_000...3_000, using: &random)
                let value = unwrapper.unwrap(UInt16(truncatingIfNeeded: truth))
                #expect(value == truth + base)
                highest = max(highest, truth)
            }
        }
    }
}
