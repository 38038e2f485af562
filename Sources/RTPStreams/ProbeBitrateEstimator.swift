/// The rate a probe cluster got through, from the TWCC feedback on its
/// packets (libwebrtc's ProbeBitrateEstimator): the lower of the rate it
/// was sent at and the rate it arrived at, a little under the arrival rate
/// when the path clearly could not keep up.
///
/// Padding leaves in bursts, one per tick, each carrying the bytes owed
/// since the tick before; so the packets of the first send instant (and of
/// the first arrival instant) stand for time before the interval measured
/// and are left out of it.
struct ProbeBitrateEstimator: Sendable {
    /// What one cluster's packets showed so far.
    struct Cluster: Sendable {
        let id: Int
        var sent = 0
        var ended = false
        var reported = 0
        var received = 0
        var bytes = 0
        var firstSend = Int64.max
        var lastSend = Int64.min
        var bytesAtFirstSend = 0
        var firstArrival = Int64.max
        var lastArrival = Int64.min
        var bytesAtFirstArrival = 0
    }

    /// Fewer received packets than this make no measurement.
    static let minPackets = 5
    /// Share of a cluster's packets that must be reported before it is judged.
    static let reportedShare = 0.8
    /// Longest send or arrival span that still measures a rate (µs).
    static let maxInterval: Int64 = 1_000_000
    /// Arrival faster than twice the send rate is a measurement artefact.
    static let maxValidRatio = 2.0
    /// Below this share of the send rate the path was saturated...
    static let saturatedRatio = 0.9
    /// ...and the result keeps a margin under what arrived.
    static let saturatedUtilization = 0.95
    /// Clusters remembered at most; older ones are dropped unjudged.
    static let maxClusters = 8

    /// At most `maxClusters`, oldest first. An array, not a dictionary:
    /// each probe packet updates its cluster in place, and a keyed in-place
    /// access to a dictionary's value of this size allocates.
    private var clusters: [Cluster] = []

    private func index(of cluster: Int) -> Int? {
        clusters.firstIndex { $0.id == cluster }
    }

    /// A packet of `cluster` went out.
    mutating func onSent(cluster: Int) {
        if let index = index(of: cluster) {
            clusters[index].sent += 1
            return
        }
        if clusters.count >= Self.maxClusters, let oldest = clusters.indices.min(by: { clusters[$0].id < clusters[$1].id }) {
            clusters.remove(at: oldest)
        }
        clusters.append(Cluster(id: cluster, sent: 1))
    }

    /// The sender sent the last packet of `cluster`.
    mutating func end(cluster: Int) {
        if let index = index(of: cluster) { clusters[index].ended = true }
    }

    /// Feedback on one packet of `cluster`: its send time and, if it
    /// arrived, its arrival time (µs).
    mutating func onFeedback(cluster: Int, sendTime: Int64, arrival: Int64?, size: Int) {
        guard let index = index(of: cluster) else { return }
        Self.record(into: &clusters[index], sendTime: sendTime, arrival: arrival, size: size)
    }

    private static func record(into c: inout Cluster, sendTime: Int64, arrival: Int64?, size: Int) {
        c.reported += 1
        guard let arrival else { return }
        c.received += 1
        c.bytes += size
        widen(first: &c.firstSend, last: &c.lastSend, bytesAtFirst: &c.bytesAtFirstSend, with: sendTime, size: size)
        widen(first: &c.firstArrival, last: &c.lastArrival, bytesAtFirst: &c.bytesAtFirstArrival, with: arrival, size: size)
    }

    /// Stretches a span over `time`; the bytes of its first instant are
    /// counted apart (they stand for time before the span).
    private static func widen(first: inout Int64, last: inout Int64, bytesAtFirst: inout Int, with time: Int64, size: Int) {
        if time < first {
            first = time
            bytesAtFirst = size
        } else if time == first {
            bytesAtFirst += size
        }
        last = max(last, time)
    }

    /// Verdicts on the clusters that ended and were reported enough; each
    /// cluster is judged once.
    mutating func takeResults() -> [ProbeResult] {
        func judged(_ cluster: Cluster) -> Bool {
            cluster.ended && Double(cluster.reported) >= Self.reportedShare * Double(cluster.sent)
        }
        guard clusters.contains(where: judged) else { return [] }
        let results = clusters.filter(judged).map { cluster in
            ProbeResult(cluster: cluster.id, bitrate: Self.bitrate(of: cluster).map { UInt64($0) })
        }
        clusters.removeAll(where: judged)
        return results.sorted { $0.cluster < $1.cluster }
    }

    static func bitrate(of c: Cluster) -> Double? {
        guard c.received >= minPackets else { return nil }
        let sendInterval = c.lastSend - c.firstSend
        let arrivalInterval = c.lastArrival - c.firstArrival
        guard sendInterval > 0, sendInterval <= maxInterval, arrivalInterval > 0, arrivalInterval <= maxInterval
        else { return nil }
        let sendRate = Double(c.bytes - c.bytesAtFirstSend) * 8 * 1_000_000 / Double(sendInterval)
        let arrivalRate = Double(c.bytes - c.bytesAtFirstArrival) * 8 * 1_000_000 / Double(arrivalInterval)
        guard sendRate > 0, arrivalRate > 0, arrivalRate / sendRate <= maxValidRatio else { return nil }
        if arrivalRate < saturatedRatio * sendRate { return saturatedUtilization * arrivalRate }
        return min(sendRate, arrivalRate)
    }
}

/// A probe cluster's verdict: the rate it got through, bit/s; nil when its
/// packets make no valid measurement (too few arrived, too short a span,
/// or arrival and send rates too far apart to trust).
public struct ProbeResult: Sendable, Hashable {
    public var cluster: Int
    public var bitrate: UInt64?

    public init(cluster: Int, bitrate: UInt64?) {
        self.cluster = cluster
        self.bitrate = bitrate
    }
}
