import NIOCore
import RTPStreams
import Testing

/// When probe clusters run, at what targets, and what ends them.
@Suite struct ProbeControllerTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    /// One update `ms` after `start` with the usual 300 kbit/s estimate.
    func update(
        _ probe: inout ProbeController, at ms: Int64, desired: UInt64 = 5_000_000, estimate: UInt64 = 300_000,
        sending: UInt64 = 300_000, congested: Bool = false, transportWide: Bool = true, results: [ProbeResult] = []
    ) -> ProbeController.Outcome {
        probe.update(
            now: start + .milliseconds(ms), desired: desired, estimate: estimate, sending: sending, congested: congested,
            transportWide: transportWide, results: results)
    }

    @Test func startsWithClustersAtThreeAndSixTimesTheEstimate() {
        var probe = ProbeController()
        // Nothing sent yet (the transport may not be up), or nothing more wanted: no probe.
        #expect(update(&probe, at: 0, sending: 0).paddingBitrate == 0)
        #expect(update(&probe, at: 0, desired: 250_000).paddingBitrate == 0)
        #expect(!probe.isProbing)
        let first = update(&probe, at: 0)
        #expect(first.paddingBitrate == 900_000 - 300_000)
        #expect(first.cluster == 1)
        // 200 ms later the second cluster follows at once.
        let second = update(&probe, at: 200)
        #expect(second.endedCluster == 1)
        #expect(second.cluster == 2)
        #expect(second.paddingBitrate == 1_800_000 - 300_000)
        let ended = update(&probe, at: 400)
        #expect(ended.endedCluster == 2)
        #expect(ended.cluster == nil)
        #expect(ended.paddingBitrate == 0)
        #expect(probe.probesStarted == 2)
        // Starting up until the verdict on the last start-up cluster.
        #expect(probe.isStartingUp)
        _ = update(&probe, at: 600, results: [ProbeResult(cluster: 1, bitrate: 900_000)])
        #expect(probe.isStartingUp)
        _ = update(&probe, at: 700, results: [ProbeResult(cluster: 2, bitrate: 1_800_000)])
        #expect(!probe.isStartingUp)
    }

    /// A video's rate is measured over a window, so for its first second
    /// the demand is 0 (unknown): the start-up pair still goes out, and
    /// nothing more until the demand is known.
    @Test func theStartUpPairGoesOutBeforeTheDemandIsKnown() {
        var probe = ProbeController()
        let first = update(&probe, at: 0, desired: 0)
        #expect(first.cluster == 1 && first.paddingBitrate == 900_000 - 300_000)
        let second = update(&probe, at: 200, desired: 0)
        #expect(second.cluster == 2 && second.paddingBitrate == 1_800_000 - 300_000)
        _ = update(&probe, at: 400, desired: 0)
        let judged = update(&probe, at: 600, desired: 0, results: [ProbeResult(cluster: 2, bitrate: 1_800_000)])
        #expect(judged.probeResult == 1_800_000)
        #expect(update(&probe, at: 800, desired: 0, estimate: 1_800_000).paddingBitrate == 0)
        #expect(update(&probe, at: 3_000, desired: 0, estimate: 1_800_000).paddingBitrate == 0)
        // Known, and wanting more than the estimate: one step of 1.5x.
        let later = update(&probe, at: 3_100, desired: 5_000_000, estimate: 1_800_000)
        #expect(later.paddingBitrate == 2_700_000 - 300_000)
    }

    @Test func probesFurtherAtTwiceTheResultUpToTheDemand() {
        var probe = ProbeController()
        _ = update(&probe, at: 0)
        _ = update(&probe, at: 200)
        _ = update(&probe, at: 400)
        // The 1.8 Mbit/s cluster came through: the next goes at 3.6 Mbit/s.
        var outcome = update(
            &probe, at: 600, estimate: 1_700_000, results: [ProbeResult(cluster: 2, bitrate: 1_700_000)])
        #expect(outcome.probeResult == 1_700_000)
        #expect(outcome.cluster == 3)
        #expect(outcome.paddingBitrate == 3_400_000 - 300_000)
        _ = update(&probe, at: 800, estimate: 1_700_000)
        // Then capped at the demand plus a fifth (6 Mbit/s), not 6.8.
        outcome = update(&probe, at: 1_000, estimate: 3_400_000, results: [ProbeResult(cluster: 3, bitrate: 3_400_000)])
        #expect(outcome.paddingBitrate == 6_000_000 - 300_000)
        _ = update(&probe, at: 1_200, estimate: 3_400_000)
        // The demand fits: no more probes.
        outcome = update(&probe, at: 1_400, estimate: 6_000_000, results: [ProbeResult(cluster: 4, bitrate: 6_000_000)])
        #expect(outcome.cluster == nil)
        #expect(update(&probe, at: 3_000, estimate: 6_000_000).paddingBitrate == 0)
        #expect(probe.probesSucceeded == 3)
    }

    @Test func aResultFarShortOfItsTargetStopsAndBacksOff() {
        var probe = ProbeController()
        _ = update(&probe, at: 0)
        _ = update(&probe, at: 200)
        _ = update(&probe, at: 400)
        // 1 Mbit/s of the 1.8 asked for: the path is found, no further probe for 4 s.
        let outcome = update(
            &probe, at: 600, estimate: 1_000_000, results: [ProbeResult(cluster: 2, bitrate: 1_000_000)])
        #expect(outcome.probeResult == nil)
        #expect(outcome.cluster == nil)
        #expect(update(&probe, at: 3_000, estimate: 1_000_000).paddingBitrate == 0)
        // Then one step of 1.5x.
        let retry = update(&probe, at: 4_700, estimate: 1_000_000, sending: 1_000_000)
        #expect(retry.paddingBitrate == 500_000)
    }

    @Test func congestionEndsTheClusterAndBacksOffButNotAtStartUp() {
        var probe = ProbeController()
        _ = update(&probe, at: 0)
        #expect(probe.isStartingUp)
        // The start-up pair runs through the queue of the first keyframes.
        #expect(update(&probe, at: 100, congested: true).paddingBitrate > 0)
        _ = update(&probe, at: 200, congested: true)
        _ = update(&probe, at: 400)
        // Its verdict: the path is short of 1.8 Mbit/s; 4 s later one step.
        _ = update(&probe, at: 600, estimate: 900_000, results: [ProbeResult(cluster: 2, bitrate: 900_000)])
        #expect(!probe.isStartingUp)
        let step = update(&probe, at: 4_700, estimate: 900_000)
        #expect(step.cluster == 3)
        let stopped = update(&probe, at: 4_800, estimate: 900_000, congested: true)
        #expect(stopped.endedCluster == 3)
        #expect(stopped.paddingBitrate == 0)
        #expect(!probe.isProbing)
        // The second failure in a row waits 8 s.
        #expect(update(&probe, at: 10_000, estimate: 900_000).paddingBitrate == 0)
        #expect(update(&probe, at: 12_900, estimate: 900_000).paddingBitrate > 0)
    }

    @Test func aREMBOnlyProbeReadsTheREMBAfterASecond() {
        var probe = ProbeController()
        // No start-up pair without TWCC: one step of max(1.5x, +200 kbit/s).
        let first = update(&probe, at: 0, sending: 150_000, transportWide: false)
        #expect(first.paddingBitrate == 500_000 - 150_000)
        #expect(update(&probe, at: 500, sending: 150_000, transportWide: false).paddingBitrate > 0)
        // Short of the target: no result, again a second later.
        let short = update(&probe, at: 1_000, estimate: 350_000, sending: 150_000, transportWide: false)
        #expect(short.probeResult == nil)
        #expect(update(&probe, at: 1_500, estimate: 350_000, transportWide: false).paddingBitrate == 0)
        #expect(update(&probe, at: 2_100, estimate: 350_000, transportWide: false).paddingBitrate > 0)
        let success = update(&probe, at: 3_100, estimate: 500_000, transportWide: false)
        #expect(success.probeResult == 500_000)
    }
}
