/// The data channel part of a load test (`--data-rate`): messages sent by
/// the publishers, received by the subscribers through the server's
/// forwarded channels, their rate and latency.
public struct DataLoadReport: Sendable, Codable, Hashable {
    public var counters: DataLoadCounters
    /// Messages every subscriber should have: each publisher's, in its room.
    public var expectedPerSubscriber: UInt64
    /// Messages received per second over the run, all subscribers together.
    public var receivedPerSecond: Double
    public var latency: LoadTestReport.Latency

    init(totals: BotCounters, options: LoadTestOptions, elapsedSeconds: Double) {
        counters = totals.data
        expectedPerSubscriber = options.publishersPerRoom > 0 ? totals.data.sent / UInt64(max(1, options.rooms)) : 0
        receivedPerSecond = elapsedSeconds > 0 ? Double(totals.data.received) / elapsedSeconds : 0
        let histogram = totals.dataLatency
        latency = LoadTestReport.Latency(
            samples: histogram.count, p50: histogram.percentileMilliseconds(0.5),
            p90: histogram.percentileMilliseconds(0.9), p99: histogram.percentileMilliseconds(0.99),
            max: histogram.count > 0 ? histogram.maxMicroseconds / 1_000 : nil, mean: histogram.meanMilliseconds)
    }

    /// One line for the table.
    var line: String {
        let l = latency
        let rate = Int(receivedPerSecond.rounded())
        let counts = "data: \(counters.sent) messages sent, \(counters.received) received (\(rate)/s), "
            + "\(counters.missing) missing, \(counters.late) late"
        let p50 = l.p50.map(formatMilliseconds) ?? "-"
        let p99 = l.p99.map(formatMilliseconds) ?? "-"
        let max = l.max.map(formatMilliseconds) ?? "-"
        return counts + "; latency p50 \(p50)  p99 \(p99)  max \(max)"
    }

    /// A reliable channel loses nothing: any missing message is a failure,
    /// and so is a run that forwarded none.
    var failures: [String] {
        var failures: [String] = []
        if counters.sent > 0, counters.received == 0 { failures.append("no data channel message arrived") }
        if counters.missing > 0 { failures.append("\(counters.missing) data channel messages never arrived") }
        if counters.channelsClosed > 0 { failures.append("the server closed \(counters.channelsClosed) forwarded data channels") }
        return failures
    }
}
