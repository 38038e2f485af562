import NIOCore
import RTPStreams
import Testing

/// When padding probes run, and what ends them.
@Suite struct ProbeControllerTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func probesWhenMoreIsWantedAndReportsWhatGotThrough() {
        var probe = ProbeController()
        // Enough already: no probe.
        var outcome = probe.update(
            now: start, desired: 200_000, estimate: 300_000, sending: 200_000, usage: .normal, lossFraction: 0,
            acknowledged: 200_000)
        #expect(outcome.paddingBitrate == 0)
        #expect(!probe.isProbing)
        // Wants 1.5 Mbit/s at 300 kbit/s, at start-up: pads up to min(1.8 M, 3 x 300 k) = 900 k.
        outcome = probe.update(
            now: start, desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal, lossFraction: 0,
            acknowledged: 150_000)
        #expect(outcome.paddingBitrate == 750_000)
        #expect(probe.isProbing)
        // A second later the receiver acknowledged 880 kbit/s: the result.
        outcome = probe.update(
            now: start + .seconds(1), desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 880_000)
        #expect(outcome.probeResult == 880_000)
        #expect(outcome.paddingBitrate == 0)
        #expect(probe.probesSucceeded == 1)
        // Start-up chains the next probe at once: min(1.8 M, 3 x 880 k) = 1.8 M.
        outcome = probe.update(
            now: start + .seconds(1), desired: 1_500_000, estimate: 880_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 880_000)
        #expect(outcome.paddingBitrate == 1_650_000)
    }

    @Test func afterStartUpProbesStepOneAndAHalfTimesAndWait() {
        var probe = ProbeController()
        _ = probe.update(
            now: start, desired: 200_000, estimate: 300_000, sending: 200_000, usage: .normal, lossFraction: 0,
            acknowledged: 200_000)
        let later = start + ProbeController.startupWindow
        #expect(!probe.isStartingUp(now: later))
        // min(1.8 M, max(1.5 x 300 k, 300 k + 200 k)) = 500 k.
        var outcome = probe.update(
            now: later, desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal, lossFraction: 0,
            acknowledged: 150_000)
        #expect(outcome.paddingBitrate == 350_000)
        outcome = probe.update(
            now: later + .seconds(1), desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 480_000)
        #expect(outcome.probeResult == 480_000)
        // The next probe waits half a second.
        outcome = probe.update(
            now: later + .milliseconds(1_200), desired: 1_500_000, estimate: 480_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 480_000)
        #expect(outcome.paddingBitrate == 0)
        outcome = probe.update(
            now: later + .milliseconds(1_500), desired: 1_500_000, estimate: 480_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 480_000)
        #expect(outcome.paddingBitrate > 0)
    }

    @Test func congestionEndsStartUp() {
        var probe = ProbeController()
        _ = probe.update(
            now: start, desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal, lossFraction: 0,
            acknowledged: nil)
        #expect(probe.isStartingUp(now: start + .milliseconds(100)))
        _ = probe.update(
            now: start + .milliseconds(100), desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal,
            lossFraction: 0.2, acknowledged: nil)
        #expect(!probe.isStartingUp(now: start + .milliseconds(100)))
    }

    @Test func congestionEndsTheProbeAndBacksOffALaggingEstimateDoesNot() {
        var probe = ProbeController()
        _ = probe.update(
            now: start, desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal, lossFraction: 0,
            acknowledged: nil)
        let stopped = probe.update(
            now: start + .milliseconds(200), desired: 1_500_000, estimate: 300_000, sending: 150_000,
            usage: .overusing, lossFraction: 0, acknowledged: nil)
        #expect(stopped.paddingBitrate == 0)
        #expect(!probe.isProbing)
        // Nothing for 4 s, then again (the next failure waits 8 s, the most).
        for (offset, expectProbe) in [(1_000, false), (4_100, true)] as [(Int64, Bool)] {
            let outcome = probe.update(
                now: start + .milliseconds(200 + offset), desired: 1_500_000, estimate: 300_000, sending: 150_000,
                usage: .normal, lossFraction: 0, acknowledged: nil)
            #expect((outcome.paddingBitrate > 0) == expectProbe)
        }
        // Short of the target without congestion (an estimate that lags):
        // no result, and the next probe comes a second later, not 8 s.
        let short = probe.update(
            now: start + .milliseconds(5_400), desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 200_000)
        #expect(short.probeResult == nil)
        for (offset, expectProbe) in [(500, false), (1_100, true)] as [(Int64, Bool)] {
            let outcome = probe.update(
                now: start + .milliseconds(5_400 + offset), desired: 1_500_000, estimate: 300_000, sending: 150_000,
                usage: .normal, lossFraction: 0, acknowledged: nil)
            #expect((outcome.paddingBitrate > 0) == expectProbe)
        }
        #expect(probe.probesStarted == 3)
    }
}
