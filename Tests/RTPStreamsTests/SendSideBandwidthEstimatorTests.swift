import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

@Suite struct SendSideBandwidthEstimatorTests {
    @Test func startsAtTheConfiguredRate() {
        let estimator = SendSideBandwidthEstimator(configuration: .init(startBitrate: 500_000))
        #expect(estimator.estimate == 500_000)
        #expect(SendSideBandwidthEstimator().estimate == 300_000)
        #expect(SendSideBandwidthEstimator(configuration: .init(startBitrate: 1)).estimate == 30_000)
    }

    @Test func rembAloneIsTheEstimateWithinBounds() {
        var estimator = SendSideBandwidthEstimator()
        let clock = ManualClock()
        estimator.onREMB(bitrate: 2_500_000, now: clock.now)
        #expect(estimator.estimate == 2_500_000)
        estimator.onREMB(bitrate: 50_000_000, now: clock.now)
        #expect(estimator.estimate == 20_000_000)
        estimator.onREMB(bitrate: 1000, now: clock.now)
        #expect(estimator.estimate == 30_000)
    }

    @Test func rembCapsTheTWCCEstimate() {
        var estimator = SendSideBandwidthEstimator()
        var clock = ManualClock()
        // A clean path: every packet arrives 20 ms after it was sent.
        var sequence: UInt16 = 0
        for _ in 0..<40 {
            var results: [TWCCPacketResult] = []
            for _ in 0..<5 {
                estimator.onPacketSent(transportSequenceNumber: sequence, size: 1200, at: clock.now)
                results.append(
                    TWCCPacketResult(
                        sequenceNumber: sequence,
                        arrivalTime: Int64(clock.now.uptimeNanoseconds / 1000) + 20_000))
                sequence &+= 1
                clock.advance(.milliseconds(10))
            }
            estimator.onFeedback(results, now: clock.now)
        }
        #expect(estimator.estimate > 300_000)
        #expect(estimator.bandwidthUsage == .normal)
        estimator.onREMB(bitrate: 200_000, now: clock.now)
        #expect(estimator.estimate == 200_000)
    }

    @Test func feedbackForUnknownPacketsIsIgnored() {
        var estimator = SendSideBandwidthEstimator()
        let clock = ManualClock()
        estimator.onFeedback([TWCCPacketResult(sequenceNumber: 9, arrivalTime: nil)], now: clock.now)
        #expect(estimator.estimate == 300_000)
        #expect(estimator.lossFraction == 0)
    }
}
