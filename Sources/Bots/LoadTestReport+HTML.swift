extension LoadTestReport {
    /// A self-contained HTML page (no scripts, no external resources): the
    /// table, then inline SVG plots of throughput, loss and latency over
    /// time and the latency histogram.
    public func html() -> String {
        let times = timeline.map(\.time)
        var body = "<h1>Switchboard load test</h1>\n<pre>\(Self.escape(table()))</pre>\n"
        body += Self.lineChart(
            title: "Throughput (packets per second)", times: times,
            series: [("out", "#1f77b4", timeline.map(\.packetsOutPerSecond)), ("in", "#ff7f0e", timeline.map(\.packetsInPerSecond))])
        body += Self.lineChart(
            title: "Loss so far (%)", times: times, series: [("loss", "#d62728", timeline.map(\.lossPercent))])
        body += Self.lineChart(
            title: "Latency per second (ms)", times: times,
            series: [
                ("p50", "#2ca02c", timeline.map { $0.latencyP50 ?? 0 }), ("p99", "#9467bd", timeline.map { $0.latencyP99 ?? 0 }),
            ])
        body += Self.histogramChart(title: "Latency histogram (packets per bucket, ms)", buckets: latencyHistogram)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Switchboard load test</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:1em;overflow:auto}
            svg{background:#fff;border:1px solid #ddd;margin:0.5em 0}text{font-size:11px;fill:#333}</style></head>
            <body>
            \(body)</body></html>

            """
    }

    static let chartWidth = 720.0
    static let chartHeight = 240.0
    static let margin = 48.0

    static func lineChart(title: String, times: [Double], series: [(String, String, [Double])]) -> String {
        let maxTime = max(times.max() ?? 1, 1)
        // At least 1 on the axis: an all-zero loss plot stays readable.
        let maxValue = max(series.flatMap(\.2).max() ?? 1, 1)
        let plotWidth = chartWidth - 2 * margin
        let plotHeight = chartHeight - 2 * margin
        var svg = "<h2>\(escape(title))</h2>\n<svg width=\"\(fixed(chartWidth, 0))\" height=\"\(fixed(chartHeight, 0))\" role=\"img\">\n"
        svg += axes(xLabel: "seconds", maxX: maxTime, maxY: maxValue)
        for (index, (name, colour, values)) in series.enumerated() {
            let points = zip(times, values).map { time, value in
                "\(fixed(margin + time / maxTime * plotWidth, 1)),\(fixed(chartHeight - margin - value / maxValue * plotHeight, 1))"
            }
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            svg += "<text x=\"\(fixed(chartWidth - margin - 60, 0))\" y=\"\(fixed(margin + Double(index) * 14, 0))\" fill=\"\(colour)\" style=\"fill:\(colour)\">\(escape(name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func histogramChart(title: String, buckets: [HistogramBucket]) -> String {
        var svg = "<h2>\(escape(title))</h2>\n<svg width=\"\(fixed(chartWidth, 0))\" height=\"\(fixed(chartHeight, 0))\" role=\"img\">\n"
        guard !buckets.isEmpty else { return svg + "<text x=\"60\" y=\"120\">no samples</text></svg>\n" }
        let maxCount = Double(buckets.map(\.count).max() ?? 1)
        let plotWidth = chartWidth - 2 * margin
        let plotHeight = chartHeight - 2 * margin
        let barWidth = plotWidth / Double(buckets.count)
        svg += axes(xLabel: "", maxX: buckets.last?.upperMilliseconds ?? 1, maxY: maxCount, xTicks: false)
        for (index, bucket) in buckets.enumerated() {
            let height = Double(bucket.count) / maxCount * plotHeight
            svg += "<rect x=\"\(fixed(margin + Double(index) * barWidth, 1))\" y=\"\(fixed(chartHeight - margin - height, 1))\" "
                + "width=\"\(fixed(max(barWidth - 1, 1), 1))\" height=\"\(fixed(height, 1))\" fill=\"#1f77b4\">"
                + "<title>≤ \(fixed(bucket.upperMilliseconds, 3)) ms: \(bucket.count)</title></rect>\n"
        }
        for index in stride(from: 0, to: buckets.count, by: max(1, buckets.count / 6)) {
            svg += "<text x=\"\(fixed(margin + Double(index) * barWidth, 1))\" y=\"\(fixed(chartHeight - margin + 14, 0))\">\(fixed(buckets[index].upperMilliseconds, 2))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func axes(xLabel: String, maxX: Double, maxY: Double, xTicks: Bool = true) -> String {
        let left = fixed(margin, 0)
        let bottom = fixed(chartHeight - margin, 0)
        var svg = "<line x1=\"\(left)\" y1=\"\(fixed(margin, 0))\" x2=\"\(left)\" y2=\"\(bottom)\" stroke=\"#333\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(fixed(chartWidth - margin, 0))\" y2=\"\(bottom)\" stroke=\"#333\"/>\n"
        svg += "<text x=\"4\" y=\"\(fixed(margin, 0))\">\(fixed(maxY, maxY < 10 ? 2 : 0))</text>\n"
        svg += "<text x=\"4\" y=\"\(bottom)\">0</text>\n"
        if xTicks {
            svg += "<text x=\"\(fixed(chartWidth - margin - 20, 0))\" y=\"\(fixed(chartHeight - margin + 14, 0))\">\(fixed(maxX, 0)) \(xLabel)</text>\n"
        }
        return svg
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
