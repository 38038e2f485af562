import NIOCore
import RTCP

/// Send-side bandwidth estimation for one subscriber transport, in the
/// spirit of Google Congestion Control (draft-ietf-rmcat-gcc-02) as
/// libwebrtc runs it with transport-wide CC feedback:
/// - delay-based: packets grouped in 5 ms bursts, inter-group delay
///   variation, trendline filter, overuse detector with adaptive threshold,
///   AIMD rate controller on the acknowledged bitrate;
/// - loss-based: > 10 % loss cuts, < 2 % grows;
/// estimate = min(delay-based, loss-based, REMB), within [min, max].
/// Probe clusters (`ProbeController`) are measured from the same feedback
/// and their result lifts the delay-based rate at once.
/// A subscriber that only sends REMB gets its REMB (bounded) as estimate:
/// the receiver's REMB already reflects its loss and delay.
public struct SendSideBandwidthEstimator: Sendable {
    /// Tunables; rates in bit/s.
    public struct Configuration: Sendable, Hashable {
        public var startBitrate: UInt64
        public var minBitrate: UInt64
        public var maxBitrate: UInt64
        /// Multiplicative increase per second far from the link capacity (GCC: 8 %).
        public var increasePerSecond: Double
        /// Multiplicative increase per second before the first overuse: the
        /// rate still climbs where probes cannot measure (no padding stream).
        public var startupIncreasePerSecond: Double

        public init(
            startBitrate: UInt64 = 300_000, minBitrate: UInt64 = 30_000, maxBitrate: UInt64 = 20_000_000,
            increasePerSecond: Double = 0.08, startupIncreasePerSecond: Double = 0.5
        ) {
            self.minBitrate = min(minBitrate, maxBitrate)
            self.maxBitrate = maxBitrate
            self.startBitrate = min(max(startBitrate, self.minBitrate), maxBitrate)
            self.increasePerSecond = increasePerSecond
            self.startupIncreasePerSecond = startupIncreasePerSecond
        }
    }

    /// The tunables in force.
    public let configuration: Configuration
    private var history = SentPacketHistory()
    private var grouper = PacketGrouper()
    private var trendline = TrendlineEstimator()
    private var detector = OveruseDetector()
    private var rateController: AIMDRateController
    private var lossBased: LossBasedBandwidthEstimator
    private var acknowledged = AcknowledgedBitrateEstimator()
    private var probes = ProbeBitrateEstimator()
    private var probeResults: [ProbeResult] = []
    private var rembBitrate: Double?
    private var feedbackCount = 0
    /// Unwraps the 24-bit reference time of feedback packets, bounded.
    private var referenceTime = TWCCReferenceTimeUnwrapper()
    private var explicitRTT: Int64?
    private var feedbackRTT: Int64?
    private var arrivals: [(send: Int64, arrival: Int64, size: Int)] = []

    /// The current estimate, bit/s.
    public private(set) var estimate: UInt64

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let bounds = Double(configuration.minBitrate)...Double(configuration.maxBitrate)
        rateController = AIMDRateController(
            startBitrate: Double(configuration.startBitrate), bounds: bounds,
            increasePerSecond: configuration.increasePerSecond,
            startupIncreasePerSecond: configuration.startupIncreasePerSecond)
        lossBased = LossBasedBandwidthEstimator()
        estimate = configuration.startBitrate
    }

    /// The delay-based detector's latest conclusion.
    public var bandwidthUsage: BandwidthUsage { detector.state }
    /// Delay-based estimate, bit/s.
    public var delayBasedEstimate: UInt64 { UInt64(rateController.bitrate) }
    /// Loss-based limit, bit/s; nil while loss does not constrain the rate.
    public var lossBasedLimit: UInt64? { lossBased.limit.map { UInt64($0) } }
    /// Throughput the receiver acknowledged over the last 500 ms, bit/s.
    public var acknowledgedBitrate: UInt64? { acknowledged.bitrate.map { UInt64($0) } }
    /// Loss fraction of the last evaluated period (0...1).
    public var lossFraction: Double { lossBased.lastLossFraction }

    /// The RTT used for the reduction and retry intervals: the one given by
    /// `onRoundTripTime`, else a rough one from feedback, else 100 ms.
    public var roundTripTime: TimeAmount {
        .microseconds(explicitRTT ?? feedbackRTT ?? 100_000)
    }

    /// Records a packet sent with transport-wide sequence number `transportSequenceNumber`.
    /// `probeCluster`: the probe cluster it belongs to, if one runs.
    public mutating func onPacketSent(
        transportSequenceNumber: UInt16, size: Int, at time: NIODeadline, probeCluster: Int? = nil
    ) {
        history.record(
            sequenceNumber: transportSequenceNumber, sendTime: Self.microseconds(time), size: size,
            probeCluster: probeCluster)
        if let probeCluster { probes.onSent(cluster: probeCluster) }
    }

    /// The last packet of `cluster` went out: it is judged once its
    /// feedback is in.
    public mutating func endProbeCluster(_ cluster: Int) {
        probes.end(cluster: cluster)
    }

    /// The verdicts on probe clusters since the last call, oldest first.
    public mutating func takeProbeResults() -> [ProbeResult] {
        defer { probeResults.removeAll() }
        return probeResults
    }

    /// Sets the round-trip time measured elsewhere (RR LSR/DLSR).
    public mutating func onRoundTripTime(_ rtt: TimeAmount) {
        explicitRTT = max(rtt.nanoseconds / 1000, 0)
    }

    /// Takes a REMB from the subscriber: an upper bound on the estimate, or
    /// the estimate itself while no TWCC feedback has come.
    public mutating func onREMB(bitrate: UInt64, now: NIODeadline) {
        rembBitrate = Double(bitrate)
        updateEstimate()
    }

    /// Takes one TWCC feedback packet received at `now`.
    public mutating func onFeedback(_ feedback: TransportLayerCC, now: NIODeadline) {
        // Reference time is 24 bits of 64 ms: unwrap it so arrival times of
        // consecutive feedback packets stay on one line.
        let (unwrapped, restarted) = referenceTime.unwrap(feedback.referenceTime)
        if restarted {
            // Arrival times jump to a new line: groups and windows built on
            // the old one would give one huge bogus delta.
            grouper = PacketGrouper()
            trendline = TrendlineEstimator()
            acknowledged = AcknowledgedBitrateEstimator()
        }
        // Both terms are within 2^29 units, so the product fits easily.
        let shift = (unwrapped - Int64(feedback.referenceTime)) * TransportLayerCC.referenceTimeUnit
        var results: [TWCCPacketResult] = []
        results.reserveCapacity(Int(feedback.packetStatusCount))
        do {
            try feedback.forEachPacketResult { result in
                var shifted = result
                shifted.arrivalTime = result.arrivalTime.map { $0 + shift }
                results.append(shifted)
            }
        } catch {
            return  // A built packet whose deltas do not match its chunks: nothing to learn.
        }
        onFeedback(results, now: now)
    }

    /// Takes the packet results of TWCC feedback received at `now`; arrival
    /// times in µs on the receiver's clock (consistent across calls).
    public mutating func onFeedback(_ results: [TWCCPacketResult], now: NIODeadline) {
        let nowMicroseconds = Self.microseconds(now)
        arrivals.removeAll(keepingCapacity: true)
        var lost = 0
        var newestSend: Int64?
        for result in results {
            guard let sent = history.takeUnreported(result.sequenceNumber) else { continue }
            if let arrival = result.arrivalTime {
                // Clamped so differences of any two arrivals fit in Int64
                // (feedback parsed here is far inside this already).
                let arrival = min(max(arrival, -Self.arrivalLimit), Self.arrivalLimit)
                arrivals.append((sent.sendTime, arrival, sent.size))
                newestSend = max(newestSend ?? .min, sent.sendTime)
            } else {
                lost += 1
            }
            if let cluster = sent.probeCluster {
                probes.onFeedback(
                    cluster: cluster, sendTime: sent.sendTime,
                    arrival: result.arrivalTime.map { min(max($0, -Self.arrivalLimit), Self.arrivalLimit) }, size: sent.size)
            }
        }
        guard !arrivals.isEmpty || lost > 0 else { return }
        feedbackCount += 1
        if let newestSend {
            // Send to feedback: an upper bound on the RTT (includes the feedback interval).
            let sample = max(nowMicroseconds - newestSend, 1000)
            feedbackRTT = feedbackRTT.map { ($0 * 7 + sample) / 8 } ?? sample
        }
        arrivals.sort { $0.arrival < $1.arrival }
        for packet in arrivals {
            acknowledged.add(arrival: packet.arrival, bytes: packet.size)
            guard let deltas = grouper.add(sendTime: packet.send, arrivalTime: packet.arrival) else { continue }
            trendline.update(
                sendDelta: deltas.sendDelta, arrivalDelta: deltas.arrivalDelta, arrivalTime: deltas.arrivalTime)
            _ = detector.detect(
                modifiedTrend: trendline.modifiedTrend, trend: trendline.trend, samples: trendline.samples,
                sendDelta: deltas.sendDelta, now: deltas.arrivalTime)
        }
        rateController.update(
            usage: detector.state, ackedBitrate: acknowledged.bitrate, rtt: rttMicroseconds, now: nowMicroseconds)
        for result in probes.takeResults() {
            // A probe that queued up enough to trip the detector proved nothing.
            if let bitrate = result.bitrate, detector.state != .overusing {
                rateController.applyProbeResult(min(Double(bitrate), Double(configuration.maxBitrate)))
            }
            if probeResults.count < 16 { probeResults.append(result) }
        }
        lossBased.add(received: arrivals.count, lost: lost)
        lossBased.update(now: nowMicroseconds, rtt: rttMicroseconds, current: rateController.bitrate)
        updateEstimate()
    }

    private var rttMicroseconds: Int64 {
        roundTripTime.nanoseconds / 1000
    }

    private mutating func updateEstimate() {
        let bounds = Double(configuration.minBitrate)...Double(configuration.maxBitrate)
        lossBased.clamp(to: bounds)
        var value: Double
        if feedbackCount == 0, let rembBitrate {
            value = rembBitrate
        } else {
            value = min(rateController.bitrate, lossBased.limit ?? .infinity)
            if let rembBitrate { value = min(value, rembBitrate) }
        }
        value = min(max(value, bounds.lowerBound), bounds.upperBound)
        estimate = UInt64(value)
    }

    /// Bound on arrival times, µs (about 140 years either way).
    static let arrivalLimit: Int64 = 1 << 52

    private static func microseconds(_ time: NIODeadline) -> Int64 {
        Int64(clamping: time.uptimeNanoseconds / 1000)
    }
}
