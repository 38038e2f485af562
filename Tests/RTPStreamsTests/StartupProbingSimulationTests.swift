import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

/// Closed loop with probing, as a subscriber connection runs it: media at
/// the estimate (up to the demand), the probe controller's padding in
/// bursts every 50 ms tick, both tagged with the running cluster, TWCC
/// feedback every 100 ms (20 ms back) through the wire format.
@Suite struct StartupProbingSimulationTests {
    struct Run {
        /// (seconds, estimate) every 100 ms.
        var estimates: [(time: Double, estimate: Double)] = []
        var paddingBytes = 0
        var probesStarted = 0

        /// When the estimate first reached `bitrate`, s.
        func firstTime(reaching bitrate: Double) -> Double? {
            estimates.first { $0.estimate >= bitrate }?.time
        }
    }

    static let mediaPacketSize = 1200
    static let paddingPacketSize = 280

    static func simulate(seconds: Double, capacity: Double?, demand: UInt64) throws -> Run {
        var estimator = SendSideBandwidthEstimator()
        var probe = ProbeController()
        var recorder = TWCCRecorder(senderSSRC: 2, mediaSSRC: 1)
        var link = LinkSimulator(capacity: capacity, lossProbability: 0, seed: 1)
        var sending = BitrateMeter()
        var clock = ManualClock()
        let start = clock.now
        var nextMedia = clock.now
        var sequence: UInt16 = 0
        var cluster: Int?
        var paddingCredit = 0.0
        var feedbackInFlight: [(due: NIODeadline, packet: TransportLayerCC)] = []
        var run = Run()

        func send(size: Int, now: NIODeadline) {
            estimator.onPacketSent(transportSequenceNumber: sequence, size: size, at: now, probeCluster: cluster)
            link.send(sequenceNumber: sequence, size: size, now: now)
            sequence &+= 1
        }

        for millisecond in 0..<Int(seconds * 1000) {
            let now = clock.now
            while nextMedia <= now {
                send(size: Self.mediaPacketSize, now: now)
                sending.add(size: Self.mediaPacketSize, at: now)
                let rate = Double(min(estimator.estimate, demand))
                nextMedia = nextMedia + .nanoseconds(Int64(Double(Self.mediaPacketSize * 8) / rate * 1e9))
            }
            if millisecond % 50 == 0 {
                let outcome = probe.update(
                    now: now, desired: demand, estimate: estimator.estimate, sending: sending.bitrate(now: now),
                    congested: estimator.bandwidthUsage == .overusing || estimator.lossFraction > 0.05,
                    transportWide: true, results: estimator.takeProbeResults())
                if let ended = outcome.endedCluster { estimator.endProbeCluster(ended) }
                cluster = outcome.cluster
                paddingCredit = outcome.paddingBitrate > 0 ? paddingCredit + Double(outcome.paddingBitrate) / 8 * 0.05 : 0
                while paddingCredit >= Double(Self.paddingPacketSize) {
                    send(size: Self.paddingPacketSize, now: now)
                    paddingCredit -= Double(Self.paddingPacketSize)
                    run.paddingBytes += Self.paddingPacketSize
                }
            }
            link.deliver(until: now) { sequenceNumber, arrival in
                recorder.onPacket(transportSequenceNumber: sequenceNumber, arrival: arrival)
            }
            if millisecond % 100 == 0 {
                for packet in recorder.feedback(now: now) {
                    var buffer = ByteBuffer()
                    packet.write(into: &buffer)
                    feedbackInFlight.append((now + .milliseconds(20), try TransportLayerCC(parsing: &buffer)))
                }
            }
            while let first = feedbackInFlight.first, first.due <= now {
                estimator.onFeedback(first.packet, now: now)
                feedbackInFlight.removeFirst()
            }
            if millisecond % 100 == 0 {
                run.estimates.append((Double((now - start).nanoseconds) / 1e9, Double(estimator.estimate)))
            }
            clock.advance(.milliseconds(1))
        }
        run.probesStarted = probe.probesStarted
        return run
    }

    /// A wide path: the start-up clusters and the exponential ones after
    /// them take the estimate from 300 kbit/s to a 5 Mbit/s demand in
    /// about two seconds (the ramp alone, +50 %/s, would need more than four).
    @Test func aWidePathIsFoundWithinTwoSeconds() throws {
        let run = try Self.simulate(seconds: 6, capacity: 20_000_000, demand: 5_000_000)
        let reached = try #require(run.firstTime(reaching: 5_000_000))
        #expect(reached <= 2.0)
        // Once the demand fits, probing stops.
        #expect(run.probesStarted <= 6)
    }

    /// A 1 Mbit/s path: the probes find it, the estimate does not stay
    /// above it, and padding stays a small share of what was sent.
    @Test func aNarrowPathIsNotOvershotForLong() throws {
        let run = try Self.simulate(seconds: 12, capacity: 1_000_000, demand: 5_000_000)
        let settled = run.estimates.filter { $0.time >= 3 }
        let above = settled.filter { $0.estimate > 1_300_000 }
        #expect(Double(above.count) <= 0.1 * Double(settled.count))
        #expect(try #require(run.firstTime(reaching: 700_000)) <= 1.5)
        // Probes every few seconds at most: padding well under a tenth of the path.
        #expect(Double(run.paddingBytes) * 8 / 12 < 100_000)
    }

    /// Nothing wanted beyond the estimate: no probe at all.
    @Test func noDemandNoProbe() throws {
        let run = try Self.simulate(seconds: 3, capacity: 20_000_000, demand: 250_000)
        #expect(run.probesStarted == 0)
        #expect(run.paddingBytes == 0)
    }
}
