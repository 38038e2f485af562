extension LoadTestReport {
    /// The end-of-run table: the scenario, then one row per media kind and
    /// the total, then the verdict.
    public func table() -> String {
        let o = options
        var lines: [String] = []
        lines.append(
            "scenario: \(o.rooms) room(s) x \(o.publishersPerRoom) publisher(s) x \(o.subscribersPerRoom) subscriber(s), "
                + "\(fixed(elapsedSeconds, 1)) s, " + (o.audioOnly ? "audio only" : "video \(o.videoKbps) kbps")
                + (o.simulcast && !o.audioOnly ? " simulcast" : "") + (interrupted ? " (interrupted)" : ""))
        lines.append(
            "bots joined \(botsJoined)/\(botsStarted), streams received \(receivedStreams)/\(expectedStreams), "
                + "sent \(packetsSent) packets (\(retransmissionsSent) retransmitted), "
                + "keyframe requests \(keyframeRequestsReceived), NACKed packets \(nacksReceived)"
                + (rejoins > 0 || botsLost > 0 ? ", rejoins \(rejoins) (\(botsLost) bots gave up)" : ""))
        let header = ["kind", "streams", "packets", "lost", "loss", "jitter", "frames", "freezes", "first key"]
        var rows = [header]
        var total = audio
        total.add(video)
        for (name, stats) in [("audio", audio), ("video", video), ("total", total)] where stats.streams > 0 || name == "total" {
            rows.append([
                name, String(stats.streams), String(stats.packetsReceived), String(stats.packetsLost),
                formatPercent(stats.lossPercent), formatMilliseconds(stats.meanJitterMilliseconds),
                name == "audio" ? "-" : String(stats.framesCompleted), name == "audio" ? "-" : String(stats.freezes),
                stats.meanFirstKeyframeMilliseconds.map(formatMilliseconds) ?? "-",
            ])
        }
        lines.append(contentsOf: Self.aligned(rows))
        let l = latency
        lines.append(
            "latency (\(l.samples) packets): p50 \(l.p50.map(formatMilliseconds) ?? "-")  p90 \(l.p90.map(formatMilliseconds) ?? "-")  "
                + "p99 \(l.p99.map(formatMilliseconds) ?? "-")  max \(l.max.map(formatMilliseconds) ?? "-")")
        if let data { lines.append(data.line) }
        let s = startup
        if s.offer.samples > 0 {
            lines.append(
                "start-up p50 (p90): offer \(spread(s.offer)), connect \(spread(s.connect)), "
                    + "first packet \(spread(s.firstPacket)), first keyframe \(spread(s.firstKeyframe)) "
                    + "max \(s.firstKeyframe.max.map(formatMilliseconds) ?? "-")")
        }
        if s.allVideosExpected > 0 {
            let a = s.allVideos
            lines.append(
                "all videos (join to every publisher's video on together for 3 s, \(a.samples)/\(s.allVideosExpected) subscribers): "
                    + "p50 \(a.p50.map(formatMilliseconds) ?? "-")  p90 \(a.p90.map(formatMilliseconds) ?? "-")  "
                    + "max \(a.max.map(formatMilliseconds) ?? "-"), within 5 s \(s.allVideosInTime)/\(s.allVideosExpected)")
        }
        if !joinFailures.isEmpty { lines.append("join failures: " + joinFailures.joined(separator: "; ")) }
        if thresholdFailures.isEmpty {
            lines.append("PASS")
        } else {
            for failure in thresholdFailures { lines.append("FAIL: \(failure)") }
        }
        return lines.joined(separator: "\n")
    }

    private func spread(_ spread: StartupReport.Spread) -> String {
        guard let p50 = spread.p50, let p90 = spread.p90 else { return "-" }
        return "\(formatMilliseconds(p50)) (\(formatMilliseconds(p90)))"
    }

    static func aligned(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in column == 0 ? cell + String(repeating: " ", count: widths[column] - cell.count) : pad(cell, widths[column]) }
                .joined(separator: "  ")
        }
    }
}
