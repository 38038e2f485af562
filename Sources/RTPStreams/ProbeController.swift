import NIOCore

/// Decides when a sender pads its stream to find out whether the path
/// carries more than it sends now: GCC's estimate may not rise above 1.5x
/// the acknowledged rate, so a subscriber held on a low layer (or paused)
/// would never earn a higher one without probing (libwebrtc's
/// ProbeController, mediasoup's and LiveKit's padding probes).
///
/// A probe pads up to a target for `duration`; if the receiver then
/// acknowledged most of it without overuse or loss, the throughput becomes
/// the estimate; short of it, the next probe follows a second later.
/// Overuse or loss ends a probe at once and backs the next one off (4 s,
/// then 8 s: a lifted cap is found again within seconds).
public struct ProbeController: Sendable {
    /// What the caller does after `update`.
    public struct Outcome: Sendable, Hashable {
        /// Padding to send now, bit/s (0: none).
        public var paddingBitrate: UInt64
        /// A probe succeeded: the acknowledged throughput to take as estimate.
        public var probeResult: UInt64?
    }

    /// How long a probe pads before its result is read (the acknowledged
    /// rate is measured over 500 ms).
    public static let duration: TimeAmount = .milliseconds(1_000)
    static let firstBackoff: TimeAmount = .seconds(4)
    static let maxBackoff: TimeAmount = .seconds(8)

    private var probeTarget: UInt64 = 0
    private var probeEnd: NIODeadline?
    private var nextProbe: NIODeadline?
    private var backoff = Self.firstBackoff
    /// Probes started, and those that raised the estimate.
    public private(set) var probesStarted = 0
    public private(set) var probesSucceeded = 0

    public init() {}

    /// Whether a probe is padding now.
    public var isProbing: Bool { probeEnd != nil }

    /// The padding for the next interval. `desired` is what the sender
    /// would send with no limit, `estimate` the current estimate, `sending`
    /// its media rate now; `usage`, `lossFraction` and `acknowledged` come
    /// from the estimator.
    public mutating func update(
        now: NIODeadline, desired: UInt64, estimate: UInt64, sending: UInt64, usage: BandwidthUsage,
        lossFraction: Double, acknowledged: UInt64?
    ) -> Outcome {
        let congested = usage == .overusing || lossFraction > 0.05
        if let end = probeEnd {
            if congested {
                fail(now: now)
                return Outcome(paddingBitrate: 0)
            }
            guard now >= end else { return Outcome(paddingBitrate: probeTarget > sending ? probeTarget - sending : 0) }
            probeEnd = nil
            // Most of the target came through: the path carries it.
            if let acknowledged, Double(acknowledged) >= 0.8 * Double(probeTarget) {
                probesSucceeded += 1
                backoff = Self.firstBackoff
                nextProbe = now + .milliseconds(500)
                return Outcome(paddingBitrate: 0, probeResult: acknowledged)
            }
            // Short of the target without congestion: the receiver's estimate
            // lags (a REMB climbs slowly); try again soon, no back-off.
            nextProbe = now + .seconds(1)
            return Outcome(paddingBitrate: 0)
        }
        guard desired > estimate, !congested, now >= nextProbe ?? now else { return Outcome(paddingBitrate: 0) }
        // Aim past what is wanted, in steps of at most 1.5x the estimate
        // (+200 kbit/s), so a probe into a cap overloads it only briefly.
        probeTarget = min(desired + desired / 5, max(estimate + estimate / 2, estimate + 200_000))
        probeEnd = now + Self.duration
        probesStarted += 1
        return Outcome(paddingBitrate: probeTarget > sending ? probeTarget - sending : 0)
    }

    private mutating func fail(now: NIODeadline) {
        probeEnd = nil
        nextProbe = now + backoff
        backoff = min(backoff * 2, Self.maxBackoff)
    }
}
