import Foundation
import NIOCore
import RTP
import Testing

@testable import Bots

/// The "all videos" start-up figure: who expects it, and how it is reported.
@Suite struct StartupReportTests {
    @Test func subscribersExpectEveryPublishersVideo() {
        let options = LoadTestOptions(publishersPerRoom: 3, subscribersPerRoom: 2)
        let bots = options.botConfigurations
        #expect(bots.filter(\.publishes).allSatisfy { $0.expectedVideoPublishers == 0 })
        #expect(bots.filter(\.subscribes).map(\.expectedVideoPublishers) == [3, 3])
        let audioOnly = LoadTestOptions(publishersPerRoom: 3, subscribersPerRoom: 2, audioOnly: true)
        #expect(audioOnly.botConfigurations.allSatisfy { $0.expectedVideoPublishers == 0 })
    }

    @Test func allVideosIsReportedPerSubscriberInTextAndJSON() throws {
        var totals = BotCounters()
        for milliseconds in [1_200.0, 5_600.0, 900.0] {
            var phases = StartupPhases()
            phases.botsExpectingVideos = 1
            phases.allVideosMilliseconds = [milliseconds]
            totals.startup.add(phases)
        }
        // A fourth subscriber never saw every video.
        var missing = StartupPhases()
        missing.botsExpectingVideos = 1
        totals.startup.add(missing)
        let report = LoadTestReport(
            options: LoadTestOptions(publishersPerRoom: 3, subscribersPerRoom: 4), totals: totals, timeline: [],
            botsStarted: 7, botsJoined: 7, joinFailures: [], elapsedSeconds: 5, interrupted: false)
        #expect(report.startup.allVideos.samples == 3)
        #expect(report.startup.allVideos.p50 == 1_200)
        #expect(report.startup.allVideos.max == 5_600)
        #expect(report.startup.allVideosExpected == 4)
        #expect(report.startup.allVideosInTime == 2)
        #expect(report.table().contains("3/4 subscribers"))
        #expect(report.table().contains("within 5 s 2/4"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let startup = try #require(json?["startup"] as? [String: Any])
        let allVideos = try #require(startup["allVideos"] as? [String: Any])
        #expect(allVideos["p90"] as? Double == 5_600)
    }

    /// A stream's spells of video: from its keyframe on; after a stop of
    /// over a second, only a keyframe starts the next one.
    @Test func aStopEndsTheSpellUntilTheNextKeyframe() throws {
        let tests = BotMediaStreamTests()
        var outgoing = tests.stream()
        let sent = tests.send(&outgoing, seconds: 0.5)
        var incoming = IncomingStream(
            ssrc: 0x1111, clockRate: 90_000, isVideo: true, wantedSince: .uptimeNanoseconds(0), sendLog: nil)
        let frameTimes = Array(Set(try sent.map { try RTPPacket(parsing: $0.packet).timestamp })).sorted()
        func arrival(_ packet: RTPPacket, after offset: Int64) -> NIODeadline {
            let frame = Int64(frameTimes.firstIndex(of: packet.timestamp) ?? 0)
            return .uptimeNanoseconds(UInt64(offset + frame * 33_000_000))
        }
        for item in sent {
            let packet = try RTPPacket(parsing: item.packet)
            _ = incoming.receive(packet, size: item.packet.readableBytes, now: arrival(packet, after: 1_000_000_000))
        }
        #expect(incoming.onSpells.count == 1)
        let first = try #require(incoming.onSpells.first)
        #expect(first.start == .uptimeNanoseconds(1_000_000_000))
        #expect(first.covers(first.start, for: .milliseconds(450)))
        #expect(!first.covers(first.start, for: .milliseconds(600)))
        // Two seconds of nothing, then frames that are not keyframes: still stopped.
        for item in sent.dropFirst(sent.count / 2) {
            let packet = try RTPPacket(parsing: item.packet)
            _ = incoming.receive(packet, size: item.packet.readableBytes, now: arrival(packet, after: 3_000_000_000))
        }
        #expect(incoming.onSpells == [first])
    }
}
