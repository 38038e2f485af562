import NIOCore

/// Decides when a sender pads its stream to find out whether the path
/// carries more than it sends now, as libwebrtc's ProbeController does:
/// GCC's estimate may not rise above 1.5x the acknowledged rate, so a
/// subscriber held on a low layer (or paused) would never earn a higher
/// one without probing.
///
/// Probes are clusters: padding up to a target for `clusterDuration`,
/// each packet tagged with the cluster, the rate that got through read
/// from the TWCC feedback on them (`ProbeBitrateEstimator`). Right after
/// the transport is up, two clusters at 3x and 6x the start estimate;
/// while a result comes close to its target (70 %) and the video still
/// wants more, the next at twice the result. Later, whenever the video
/// wants more than the estimate, a single step of 1.5x. Every target stays
/// under the demand plus a fifth and the maximum; before the demand is
/// known (a video's first second), the start-up pair goes out under the
/// maximum alone, and nothing follows it until the demand is known.
/// Overuse or loss ends a probe at once (the start-up pair excepted) and
/// backs the next one off (4 s, then 8 s).
///
/// A subscriber that only sends REMB cannot measure clusters: its probe
/// pads for a second and its own REMB, having seen the padding, is the
/// result.
public struct ProbeController: Sendable {
    /// What the caller does after `update`.
    public struct Outcome: Sendable, Hashable {
        /// Padding to send now, bit/s (0: none).
        public var paddingBitrate: UInt64
        /// The cluster packets sent now belong to, if a probe runs.
        public var cluster: Int?
        /// A cluster whose last packet has gone out.
        public var endedCluster: Int?
        /// A probe succeeded: the rate it showed, bit/s.
        public var probeResult: UInt64?
    }

    /// How long a cluster pads: a few ticks of padding bursts, so the
    /// rate is measured over more than one.
    public static let clusterDuration: TimeAmount = .milliseconds(200)
    /// How long a REMB-only probe pads (a REMB follows the incoming rate slowly).
    public static let rembProbeDuration: TimeAmount = .milliseconds(1_000)
    static let initialMultipliers: [UInt64] = [3, 6]
    /// A result at least this share of its target probes further.
    static let probeFurtherShare = 0.7
    /// A REMB at least this share of the target counts as a success.
    static let rembSuccessShare = 0.8
    /// Feedback on a cluster later than this after it ended: given up.
    static let resultTimeout: TimeAmount = .seconds(1)
    static let firstBackoff: TimeAmount = .seconds(4)
    static let maxBackoff: TimeAmount = .seconds(8)

    private struct Cluster: Sendable {
        var id: Int
        var target: UInt64
        var end: NIODeadline
    }

    private var pending: [UInt64] = []
    private var current: Cluster?
    /// The last cluster of a batch, sent, whose result decides what next.
    private var awaited: Cluster?
    private var nextID = 1
    private var startedInitial = false
    /// The start-up clusters are out and their verdict not in yet.
    public private(set) var isStartingUp = false
    private var nextProbe: NIODeadline?
    private var backoff = Self.firstBackoff
    /// Probes started, and those that raised the estimate.
    public private(set) var probesStarted = 0
    public private(set) var probesSucceeded = 0

    public init() {}

    /// Whether a probe is padding now.
    public var isProbing: Bool { current != nil }

    /// The padding for the next interval. `desired` is what the sender
    /// would send with no limit (0: not known yet: a video's rate is
    /// measured over a window, so its first second has none), `estimate`
    /// the current estimate, `sending` its media rate now (0: nothing sent
    /// yet, the transport may not be up). `transportWide`: results come as
    /// `results` from TWCC feedback; otherwise `estimate` is the receiver's
    /// REMB.
    public mutating func update(
        now: NIODeadline, desired: UInt64, estimate: UInt64, sending: UInt64, congested: Bool,
        transportWide: Bool, results: [ProbeResult] = [], maxBitrate: UInt64 = .max
    ) -> Outcome {
        // With the demand not known yet, the start-up pair goes out anyway
        // (at 3x and 6x the start, as libwebrtc's initial probes do), but
        // nothing probes further until the demand says it should.
        let demandKnown = desired > 0
        let cap = demandKnown ? min(desired + desired / 5, maxBitrate) : maxBitrate
        var outcome = Outcome(paddingBitrate: 0)
        // The start-up pair runs through: a subscriber's first keyframes
        // queue up as it starts, and its clusters' own rate (taken only
        // once the delay settles) says more than that queue.
        if congested, !isStartingUp, current != nil || awaited != nil || !pending.isEmpty {
            outcome.endedCluster = current?.id
            current = nil
            awaited = nil
            pending = []
            isStartingUp = false
            fail(now: now)
            return outcome
        }
        if let awaited, let result = results.first(where: { $0.cluster == awaited.id }) {
            self.awaited = nil
            isStartingUp = false
            outcome.probeResult = judge(
                result.bitrate, of: awaited, estimate: estimate, cap: demandKnown ? cap : 0, now: now)
        }
        if let cluster = current, now >= cluster.end {
            outcome.endedCluster = cluster.id
            current = nil
            if !transportWide {
                // REMB only after all: no cluster is measured.
                pending = []
                isStartingUp = false
                outcome.probeResult = judgeREMB(estimate: estimate, of: cluster, now: now)
            } else if pending.isEmpty {
                awaited = cluster
            }
        }
        if let cluster = awaited, now >= cluster.end + Self.resultTimeout {
            // No verdict (feedback lost, too few packets): try again soon.
            awaited = nil
            isStartingUp = false
            nextProbe = now + .seconds(1)
        }
        if current == nil, awaited == nil {
            let wantsMore = demandKnown ? desired > estimate : transportWide && !startedInitial
            if pending.isEmpty, !congested, sending > 0, wantsMore, now >= nextProbe ?? now {
                pending = targets(estimate: estimate, cap: cap, transportWide: transportWide)
            }
            if !pending.isEmpty {
                let target = pending.removeFirst()
                let duration = transportWide ? Self.clusterDuration : Self.rembProbeDuration
                current = Cluster(id: nextID, target: target, end: now + duration)
                nextID += 1
                probesStarted += 1
            }
        }
        if let cluster = current {
            outcome.cluster = cluster.id
            outcome.paddingBitrate = cluster.target > sending ? cluster.target - sending : 0
        }
        return outcome
    }

    /// The targets of the next batch: the start-up pair, else one step.
    private mutating func targets(estimate: UInt64, cap: UInt64, transportWide: Bool) -> [UInt64] {
        var targets: [UInt64]
        if transportWide, !startedInitial {
            startedInitial = true
            isStartingUp = true
            targets = Self.initialMultipliers.map { min(estimate * $0, cap) }
        } else {
            targets = [min(cap, max(estimate + estimate / 2, estimate + 200_000))]
        }
        var batch: [UInt64] = []
        for target in targets where target > estimate && target > (batch.last ?? 0) { batch.append(target) }
        return batch
    }

    /// A cluster's measured rate: close to its target, the path may carry
    /// more, and the next cluster goes at twice the result while the video
    /// wants more (`cap` 0: the demand is not known, nothing further);
    /// well short (or no valid measurement), backs off.
    private mutating func judge(_ bitrate: UInt64?, of cluster: Cluster, estimate: UInt64, cap: UInt64, now: NIODeadline)
        -> UInt64?
    {
        guard let bitrate, Double(bitrate) >= Self.probeFurtherShare * Double(cluster.target) else {
            fail(now: now)
            return nil
        }
        probesSucceeded += 1
        backoff = Self.firstBackoff
        let next = min(bitrate * 2, cap)
        if next > max(estimate, bitrate), next > cluster.target {
            pending = [next]
        } else {
            nextProbe = now + .milliseconds(500)
        }
        return bitrate
    }

    /// A REMB-only probe: the receiver's estimate after a second of padding.
    private mutating func judgeREMB(estimate: UInt64, of cluster: Cluster, now: NIODeadline) -> UInt64? {
        if Double(estimate) >= Self.rembSuccessShare * Double(cluster.target) {
            probesSucceeded += 1
            backoff = Self.firstBackoff
            nextProbe = now + .milliseconds(500)
            return estimate
        }
        // Short of the target without congestion: the REMB lags; again
        // soon, no back-off.
        nextProbe = now + .seconds(1)
        return nil
    }

    private mutating func fail(now: NIODeadline) {
        nextProbe = now + backoff
        backoff = min(backoff * 2, Self.maxBackoff)
    }
}
