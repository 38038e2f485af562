import NIOCore
import Recording
import Testing

@Suite struct RTPTimelineTests {
    static let origin = NIODeadline.uptimeNanoseconds(7_000_000_000)

    @Test func firstArrivalAnchorsTheStream() {
        var timeline = RTPTimeline(clockRate: 90_000, origin: Self.origin)
        timeline.noteArrival(rtpTimestamp: 1_000, at: Self.origin + .milliseconds(500))
        timeline.noteArrival(rtpTimestamp: 4_000, at: Self.origin + .milliseconds(900))  // jitter: ignored
        #expect(timeline.milliseconds(for: 1_000) == 500)
        #expect(timeline.milliseconds(for: 4_000) == 533)
        #expect(timeline.milliseconds(for: 91_000) == 1_500)
        #expect(timeline.milliseconds(for: 1_000 - 90) == 499)  // a little before, floored
        #expect(!timeline.isSynchronized)
    }

    @Test func timestampsUnwrapPast32Bits() {
        var timeline = RTPTimeline(clockRate: 90_000, origin: Self.origin)
        let start = UInt32.max - 44_999  // half a second before the wrap
        timeline.noteArrival(rtpTimestamp: start, at: Self.origin)
        #expect(timeline.milliseconds(for: 45_000) == 1_000)
        // Steps under 2^31 keep counting through several wraps.
        var timestamp = start
        let step: UInt32 = 1 << 30
        for count in 1...12 {
            timestamp &+= step
            #expect(timeline.milliseconds(for: timestamp) == Int64(count) * Int64(step) * 1_000 / 90_000)
        }
        // A slightly older timestamp after a wrap maps before, not 13 h after.
        #expect(timeline.milliseconds(for: timestamp &- 90_000) == 12 * Int64(step) * 1_000 / 90_000 - 1_000)
    }

    static func ntp(milliseconds: Int64) -> UInt64 {
        let seconds = UInt64(milliseconds / 1_000)
        let fraction = UInt64(milliseconds % 1_000) << 32 / 1_000 + 1
        return seconds << 32 | fraction
    }

    @Test func senderReportsLineUpAudioAndVideo() {
        // The sender's wall clock, in ms, when it captured its first sample.
        let wallStart: Int64 = 3_900_000_000_000
        let videoOffset: UInt32 = 4_000_000_000  // random initial timestamps
        let audioOffset: UInt32 = 123_456
        func video(at ms: Int64) -> UInt32 { videoOffset &+ UInt32(truncatingIfNeeded: ms * 90) }
        func audio(at ms: Int64) -> UInt32 { audioOffset &+ UInt32(truncatingIfNeeded: ms * 48) }

        var videoTimeline = RTPTimeline(clockRate: 90_000, origin: Self.origin)
        var audioTimeline = RTPTimeline(clockRate: 48_000, origin: Self.origin)
        // Audio's first packet arrives 40 ms after capture, video's 180 ms
        // (a keyframe that took long to send).
        audioTimeline.noteArrival(rtpTimestamp: audio(at: 0), at: Self.origin + .milliseconds(40))
        videoTimeline.noteArrival(rtpTimestamp: video(at: 0), at: Self.origin + .milliseconds(180))
        #expect(videoTimeline.milliseconds(for: video(at: 1_000)) - audioTimeline.milliseconds(for: audio(at: 1_000)) == 140)

        // Sender reports at 2 s (video) and 2.5 s (audio), arriving 30 ms later.
        let clock = SenderClock(
            ntpTimestamp: Self.ntp(milliseconds: wallStart + 2_000), arrival: Self.origin + .milliseconds(2_030),
            origin: Self.origin)
        videoTimeline.applySenderReport(
            ntpTimestamp: Self.ntp(milliseconds: wallStart + 2_000), rtpTimestamp: video(at: 2_000), clock: clock)
        audioTimeline.applySenderReport(
            ntpTimestamp: Self.ntp(milliseconds: wallStart + 2_500), rtpTimestamp: audio(at: 2_500), clock: clock)
        #expect(videoTimeline.isSynchronized && audioTimeline.isSynchronized)
        for ms: Int64 in [0, 1_000, 2_000, 2_500, 10_000, 60_000] {
            let videoTime = videoTimeline.milliseconds(for: video(at: ms))
            let audioTime = audioTimeline.milliseconds(for: audio(at: ms))
            #expect(abs(videoTime - audioTime) <= 1)
            #expect(abs(videoTime - (ms + 30)) <= 1)  // the report's delay stays in
        }
    }
}
