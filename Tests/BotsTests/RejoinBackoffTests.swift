@testable import Bots
import Testing

/// The schedule of a bot that lost its node: 0.5 s, doubling to 8 s, for
/// as long as the window since the loss lasts.
@Suite struct RejoinBackoffTests {
    @Test func delaysDoubleUpToTheCeiling() {
        var backoff = RejoinBackoff(window: 60)
        backoff.lost(at: 100)
        var delays: [Double] = []
        for _ in 0..<7 { delays.append(backoff.delay(now: 101) ?? -1) }
        #expect(delays == [0.5, 1, 2, 4, 8, 8, 8])
    }

    @Test func givesUpOnceTheWindowSinceTheLossHasPassed() {
        var backoff = RejoinBackoff(window: 60)
        backoff.lost(at: 100)
        #expect(backoff.delay(now: 159.9) != nil)
        #expect(backoff.delay(now: 160) == nil)
    }

    @Test func aNewLossStartsAFreshSchedule() {
        var backoff = RejoinBackoff(window: 10)
        backoff.lost(at: 0)
        _ = backoff.delay(now: 1)
        _ = backoff.delay(now: 2)
        #expect(backoff.delay(now: 3) == 2)
        // Back in at 5, lost again at 30: past the first window, yet a new one.
        backoff.lost(at: 30)
        #expect(backoff.delay(now: 31) == 0.5)
    }

    @Test func nothingLostMeansNoRejoin() {
        var backoff = RejoinBackoff(window: 60)
        #expect(backoff.delay(now: 0) == nil)
    }
}
