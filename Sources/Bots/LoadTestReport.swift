/// The outcome of a load test: what was sent and received, per kind,
/// latency, the timeline, and the verdict against the thresholds.
public struct LoadTestReport: Sendable, Codable {
    public struct Latency: Sendable, Codable, Hashable {
        public var samples: UInt64
        public var p50: Double?
        public var p90: Double?
        public var p99: Double?
        public var max: Double?
        public var mean: Double?
    }

    public struct HistogramBucket: Sendable, Codable, Hashable {
        /// Upper bound of the bucket, milliseconds.
        public var upperMilliseconds: Double
        public var count: UInt64
    }

    public var options: LoadTestOptions
    public var botsStarted: Int
    public var botsJoined: Int
    /// The first few reasons bots could not join.
    public var joinFailures: [String]
    public var elapsedSeconds: Double
    public var packetsSent: UInt64
    public var bytesSent: UInt64
    public var retransmissionsSent: UInt64
    public var keyframeRequestsReceived: UInt64
    public var nacksReceived: UInt64
    public var framesSkipped: UInt64
    public var audio: StreamStatistics
    public var video: StreamStatistics
    /// Every received stream, by subscriber, publisher and kind.
    public var streams: [StreamReport]
    public var expectedStreams: Int
    public var receivedStreams: Int
    public var latency: Latency
    /// Where subscribers' start-up time went (signaling, ICE and DTLS,
    /// first packet, first keyframe).
    public var startup: StartupReport
    public var latencyHistogram: [HistogramBucket]
    public var timeline: [LoadTestSample]
    /// Datagrams on the bots' sockets, every kind.
    public var datagramsSent: UInt64
    public var datagramsReceived: UInt64
    /// Data channel messages, with `--data-rate`.
    public var data: DataLoadReport?
    /// Times bots joined again after losing their node, and bots that gave
    /// up trying within `--rejoin-for`.
    public var rejoins: UInt64
    public var botsLost: Int
    public var thresholdFailures: [String]
    public var interrupted: Bool

    public var passed: Bool { thresholdFailures.isEmpty }

    /// Packets lost over expected, every received stream, percent.
    public var lossPercent: Double {
        var total = audio
        total.add(video)
        return total.lossPercent
    }

    init(options: LoadTestOptions, totals: BotCounters, timeline: [LoadTestSample], botsStarted: Int, botsJoined: Int,
         joinFailures: [String], elapsedSeconds: Double, interrupted: Bool) {
        self.options = options
        self.botsStarted = botsStarted
        self.botsJoined = botsJoined
        self.joinFailures = joinFailures
        self.elapsedSeconds = elapsedSeconds
        packetsSent = totals.packetsSent
        bytesSent = totals.bytesSent
        retransmissionsSent = totals.retransmissionsSent
        keyframeRequestsReceived = totals.keyframeRequestsReceived
        nacksReceived = totals.nacksReceived
        framesSkipped = totals.framesSkipped
        audio = totals.audio
        video = totals.video
        streams = totals.streams.sorted {
            ($0.subscriber, $0.publisher, $0.kind) < ($1.subscriber, $1.publisher, $1.kind)
        }
        expectedStreams = options.expectedStreams
        receivedStreams = totals.audio.streams + totals.video.streams
        startup = StartupReport(totals.startup)
        let histogram = totals.latency
        latency = Latency(
            samples: histogram.count, p50: histogram.percentileMilliseconds(0.5),
            p90: histogram.percentileMilliseconds(0.9), p99: histogram.percentileMilliseconds(0.99),
            max: histogram.count > 0 ? histogram.maxMicroseconds / 1_000 : nil, mean: histogram.meanMilliseconds)
        latencyHistogram = histogram.nonEmptyBuckets.map { HistogramBucket(upperMilliseconds: $0.upperMilliseconds, count: $0.count) }
        self.timeline = timeline
        datagramsSent = totals.datagramsSent
        datagramsReceived = totals.datagramsReceived
        data = options.dataRate > 0 ? DataLoadReport(totals: totals, options: options, elapsedSeconds: elapsedSeconds) : nil
        self.interrupted = interrupted
        rejoins = totals.rejoins
        botsLost = totals.botsLost
        thresholdFailures = []
        thresholdFailures = evaluateThresholds()
    }

    /// The thresholds that failed, as sentences. Missing streams and bots
    /// that could not join always fail: a load test that did not load the
    /// server measured nothing.
    func evaluateThresholds() -> [String] {
        var failures: [String] = []
        if botsJoined < botsStarted { failures.append("\(botsStarted - botsJoined) of \(botsStarted) bots did not join") }
        if botsLost > 0 { failures.append("\(botsLost) bots lost their node and could not rejoin") }
        if receivedStreams < expectedStreams {
            failures.append("\(expectedStreams - receivedStreams) of \(expectedStreams) streams never arrived")
        }
        if let limit = options.maxLossPercent, lossPercent > limit {
            failures.append("loss \(formatPercent(lossPercent)) is above --max-loss \(formatPercent(limit))")
        }
        if let limit = options.maxP99LatencyMilliseconds {
            if let p99 = latency.p99 {
                if p99 > limit {
                    failures.append("p99 latency \(formatMilliseconds(p99)) is above --max-p99-latency \(formatMilliseconds(limit))")
                }
            } else if expectedStreams > 0 {
                failures.append("no latency samples to hold against --max-p99-latency")
            }
        }
        failures += data?.failures ?? []
        return failures
    }
}
