@testable import Bots
import Foundation
import Logging
import Testing

/// A short load test against the real server binary on loopback: bots
/// join, publish and subscribe for 5 s; nothing is lost, latency is that of
/// a loopback hop, and the server's /metrics count the same datagrams the
/// bots counted on their sockets.
@Suite(.serialized) struct LoadTestIntegrationTests {
    @Test(.timeLimit(.minutes(1))) func aShortRunLosesNothingAndMatchesTheServersCounters() async throws {
        let server = try ServerProcess()
        let options = LoadTestOptions(
            url: server.signalingURL, rooms: 1, publishersPerRoom: 2, subscribersPerRoom: 2, durationSeconds: 5,
            videoKbps: 200, rampPerSecond: 20, maxLossPercent: 0, maxP99LatencyMilliseconds: 500, clipSeconds: 2)
        let lines = LineLog()
        let runner = LoadTestRunner(options: options, logger: Logger(label: "test.loadtest")) { lines.append($0) }
        let report = try await runner.run()

        #expect(report.passed, "\(report.table())")
        #expect(report.botsJoined == 4)
        #expect(report.receivedStreams == 8)  // 2 publishers x 2 kinds x 2 subscribers
        #expect(report.audio.packetsLost == 0 && report.video.packetsLost == 0)
        // Per stream: each subscriber got each publisher's audio and video.
        #expect(report.streams.count == 8)
        #expect(Set(report.streams.map(\.subscriber)) == ["sub-0-0", "sub-0-1"])
        #expect(Set(report.streams.map(\.publisher)).count == 2)
        #expect(report.streams.allSatisfy { $0.statistics.packetsLost == 0 && $0.statistics.packetsReceived > 50 })
        #expect(report.streams.filter { $0.kind == "video" }.allSatisfy { $0.statistics.framesCompleted > 30 })
        // 5 s at 50 audio packets/s, minus connection set-up: most of it arrived.
        #expect(report.audio.packetsReceived > 2 * 2 * 150)
        #expect(report.video.framesCompleted > 2 * 2 * 60)
        #expect(report.video.freezes == 0)
        #expect(report.latency.samples > 1_000)
        #expect((report.latency.p50 ?? 1_000) < 50)
        #expect((report.video.meanFirstKeyframeMilliseconds ?? 10_000) < 3_000)
        #expect(lines.lines.count >= 4)
        #expect(lines.lines.last?.contains("connected 4/4") == true)

        // Everything the bots' sockets sent, the server received, and the
        // reverse (the server may send a few more after the bots closed:
        // its goodbye to a socket already gone).
        let metrics = try await server.metrics()
        let serverReceived = try #require(metrics["switchboard_packets_received_total"])
        let serverSent = try #require(metrics["switchboard_packets_sent_total"])
        let slack = 20.0
        #expect(abs(serverReceived - Double(report.datagramsSent)) <= slack, "server \(serverReceived) bots \(report.datagramsSent)")
        #expect(serverSent >= Double(report.datagramsReceived) - slack, "server \(serverSent) bots \(report.datagramsReceived)")
        #expect(serverSent - Double(report.datagramsReceived) <= slack + 8)
        #expect(report.datagramsSent > 500)
    }

    @Test(.timeLimit(.minutes(1))) func aServerThatIsDownIsAClearErrorNotAHang() async throws {
        // A port nothing listens on: bind and close one.
        let options = LoadTestOptions(url: "ws://127.0.0.1:9/rtc", durationSeconds: 5)
        let started = Date()
        let runner = LoadTestRunner(options: options, logger: Logger(label: "test.loadtest")) { _ in }
        do {
            _ = try await runner.run()
            Issue.record("a run against no server succeeded")
        } catch let error as LoadTestError {
            guard case .serverUnreachable = error else { throw error }
            #expect("\(error)".contains("cannot reach the server at ws://127.0.0.1:9/rtc"))
        }
        #expect(Date().timeIntervalSince(started) < 6)
    }

    @Test func thresholdsFailTheRun() {
        var totals = BotCounters()
        totals.audio.streams = 1
        totals.audio.packetsReceived = 98
        totals.audio.packetsLost = 2
        for _ in 0..<100 { totals.latency.record(microseconds: 300_000) }
        let options = LoadTestOptions(
            publishersPerRoom: 1, subscribersPerRoom: 1, audioOnly: true, maxLossPercent: 1, maxP99LatencyMilliseconds: 200)
        let report = LoadTestReport(
            options: options, totals: totals, timeline: [], botsStarted: 2, botsJoined: 2, joinFailures: [],
            elapsedSeconds: 5, interrupted: false)
        #expect(!report.passed)
        #expect(report.thresholdFailures.count == 2)
        #expect(report.table().contains("FAIL: loss 2.00% is above --max-loss 1.00%"))
        let html = report.html()
        #expect(html.contains("<svg") && !html.contains("http://") && !html.contains("<script"))
    }
}

/// Progress lines collected from the runner's callback.
final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
