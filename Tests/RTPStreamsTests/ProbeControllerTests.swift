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
        // Wants 1.5 Mbit/s at 300 kbit/s: pads up to min(1.8 M, max(450 k, 500 k)) = 500 k.
        outcome = probe.update(
            now: start, desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal, lossFraction: 0,
            acknowledged: 150_000)
        #expect(outcome.paddingBitrate == 350_000)
        #expect(probe.isProbing)
        // A second later the receiver acknowledged 480 kbit/s: the result.
        outcome = probe.update(
            now: start + .seconds(1), desired: 1_500_000, estimate: 300_000, sending: 150_000, usage: .normal,
            lossFraction: 0, acknowledged: 480_000)
        #expect(outcome.probeResult == 480_000)
        #expect(outcome.paddingBitrate == 0)
        #expect(probe.probesSucceeded == 1)
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
