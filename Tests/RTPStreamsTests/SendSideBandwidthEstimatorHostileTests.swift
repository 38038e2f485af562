import NIOCore
import RTCP
import TestSupport
import Testing

@testable import RTPStreams

/// Feedback a hostile subscriber can send: arrival times and reference
/// times of its choosing. Nothing may trap, and the estimate stays within
/// its bounds.
@Suite struct SendSideBandwidthEstimatorHostileTests {
    /// Arrivals at the ends of Int64: the grouper subtracted them unchecked.
    @Test func extremeArrivalTimesDoNotTrap() {
        var estimator = SendSideBandwidthEstimator()
        var clock = ManualClock()
        var sequence: UInt16 = 0
        for round in 0..<40 {
            var results: [TWCCPacketResult] = []
            for index in 0..<4 {
                estimator.onPacketSent(transportSequenceNumber: sequence, size: 1200, at: clock.now)
                let arrival: Int64 = (round + index) % 2 == 0 ? .max : .min
                results.append(TWCCPacketResult(sequenceNumber: sequence, arrivalTime: arrival))
                sequence &+= 1
                clock.advance(.milliseconds(10))
            }
            estimator.onFeedback(results, now: clock.now)
        }
        #expect((30_000...20_000_000).contains(estimator.estimate))
    }

    /// Reference times stepping by 2^23 - 1: the unwrapped line restarts
    /// every ~32 packets, and the delay-based state with it.
    @Test func steppingReferenceTimesRestartTheLine() throws {
        var estimator = SendSideBandwidthEstimator()
        var clock = ManualClock()
        var sequence: UInt16 = 0
        var raw = 0
        for count in 0..<200 {
            raw = (raw + (1 << 23) - 1) & 0xFF_FFFF
            let reference = Int32(raw >= 1 << 23 ? raw - (1 << 24) : raw)
            var packets: [TWCCPacketResult] = []
            let base = sequence
            for index in 0..<5 {
                estimator.onPacketSent(transportSequenceNumber: sequence, size: 1200, at: clock.now)
                packets.append(
                    TWCCPacketResult(sequenceNumber: sequence, arrivalTime: Int64(reference) * 64_000 + Int64(index) * 10_000))
                sequence &+= 1
                clock.advance(.milliseconds(10))
            }
            let feedback = try TransportLayerCC(
                senderSSRC: 1, mediaSSRC: 2, feedbackPacketCount: UInt8(truncatingIfNeeded: count),
                baseSequenceNumber: base, referenceTime: reference, packets: packets)
            estimator.onFeedback(feedback, now: clock.now)
        }
        #expect((30_000...20_000_000).contains(estimator.estimate))
        #expect(estimator.acknowledgedBitrate.map { $0 < 100_000_000 } ?? true)
    }
}
