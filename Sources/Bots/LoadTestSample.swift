/// One second of a load test, as the progress line shows it and the
/// report plots it.
public struct LoadTestSample: Sendable, Hashable, Codable {
    /// Seconds since the start.
    public var time: Double
    public var connected: Int
    public var packetsOutPerSecond: Double
    public var packetsInPerSecond: Double
    /// Loss over the run so far, percent.
    public var lossPercent: Double
    /// Latency of the packets that arrived in this second, milliseconds.
    public var latencyP50: Double?
    public var latencyP99: Double?

    /// The live progress line.
    public func progressLine(target: Int) -> String {
        let p50 = latencyP50.map { formatMilliseconds($0) } ?? "-"
        let p99 = latencyP99.map { formatMilliseconds($0) } ?? "-"
        return "[\(pad(String(Int(time.rounded())), 4))s] connected \(connected)/\(target)"
            + "  out \(pad(String(Int(packetsOutPerSecond.rounded())), 6)) pkt/s"
            + "  in \(pad(String(Int(packetsInPerSecond.rounded())), 6)) pkt/s"
            + "  loss \(formatPercent(lossPercent))  latency p50 \(p50) p99 \(p99)"
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func formatMilliseconds(_ value: Double) -> String {
    value < 10 ? "\(fixed(value, 2)) ms" : "\(fixed(value, 1)) ms"
}

func formatPercent(_ value: Double) -> String { "\(fixed(value, 2))%" }

/// `value` with `digits` decimals, without Foundation.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled) - whole * Int(scale)
    let sign = value < 0 && scaled > 0 ? "-" : ""
    guard digits > 0 else { return sign + String(whole) }
    let fractionText = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
