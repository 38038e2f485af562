import NIOCore
import RTCP
import Testing

@testable import Rooms

/// REMBs from per-stream estimators (one per video receiver, each naming
/// its own SSRC) add up; a REMB naming every SSRC replaces what it overlaps.
@Suite struct REMBAggregateTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func remb(_ bitrate: UInt64, _ ssrcs: [UInt32]) -> ReceiverEstimatedMaximumBitrate {
        ReceiverEstimatedMaximumBitrate(senderSSRC: 9, bitrate: bitrate, ssrcs: ssrcs)
    }

    @Test func perStreamEstimatesAreSummed() {
        var aggregate = REMBAggregate()
        #expect(aggregate.add(remb(200_000, [1]), now: start) == 200_000)
        #expect(aggregate.add(remb(300_000, [2]), now: start) == 500_000)
        // A newer estimate for stream 1 replaces its older one.
        #expect(aggregate.add(remb(250_000, [1]), now: start + .milliseconds(500)) == 550_000)
    }

    /// Bitrates are the subscriber's to choose: two claims of 2^63 wrapped
    /// to 0 in a wrapping sum; the total saturates instead.
    @Test func hugeEstimatesSaturateInsteadOfWrapping() {
        var aggregate = REMBAggregate()
        #expect(aggregate.add(remb(1 << 63, [1]), now: start) == 1 << 63)
        #expect(aggregate.add(remb(1 << 63, [2]), now: start) == .max)
        #expect(aggregate.add(remb(300_000, [3]), now: start) == .max)
    }

    @Test func aWholeConnectionEstimateReplacesWhatItCovers() {
        var aggregate = REMBAggregate()
        _ = aggregate.add(remb(200_000, [1]), now: start)
        _ = aggregate.add(remb(300_000, [2]), now: start)
        #expect(aggregate.add(remb(900_000, [1, 2, 3]), now: start) == 900_000)
        #expect(aggregate.add(remb(800_000, [1, 2, 3]), now: start + .seconds(1)) == 800_000)
    }

    @Test func staleEntriesExpireAndGarbageStaysBounded() {
        var aggregate = REMBAggregate()
        _ = aggregate.add(remb(200_000, [1]), now: start)
        #expect(aggregate.add(remb(300_000, [2]), now: start + .seconds(4)) == 300_000)
        var total: UInt64 = 0
        for ssrc in UInt32(100)..<UInt32(1_000) {
            total = aggregate.add(remb(1_000, [ssrc]), now: start + .seconds(5))
        }
        #expect(total == UInt64(REMBAggregate.maxEntries) * 1_000)
    }
}
