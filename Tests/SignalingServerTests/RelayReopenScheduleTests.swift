import Testing

@testable import SignalingServer

/// When a relay that ended by itself opens again: 0.25 s after, doubling
/// with each end in a row up to 4 s; a relay that had run a while starts over.
@Suite struct RelayReopenScheduleTests {
    @Test func endsInARowDoubleTheWaitUpToTheCeiling() {
        var schedule = RelayReopenSchedule<String>()
        let delays = (0..<7).map { _ in schedule.ended("room|b", ranFor: 0.1, now: 100) }
        #expect(delays == [0.25, 0.5, 1, 2, 4, 4, 4])
    }

    @Test func aRelayMayOpenAgainOnlyOnceItsWaitHasPassed() {
        var schedule = RelayReopenSchedule<String>()
        #expect(schedule.mayOpen("room|b", now: 0))
        #expect(!schedule.isReopen("room|b"))
        _ = schedule.ended("room|b", ranFor: 1, now: 10)
        #expect(!schedule.mayOpen("room|b", now: 10.2))
        #expect(schedule.mayOpen("room|b", now: 10.25))
        #expect(schedule.isReopen("room|b"))
        // Another relay is not held back.
        #expect(schedule.mayOpen("room|c", now: 10.1))
    }

    @Test func aRelayThatRanAWhileStartsTheDoublingOver() {
        var schedule = RelayReopenSchedule<String>()
        _ = schedule.ended("k", ranFor: 0.1, now: 0)
        _ = schedule.ended("k", ranFor: 0.1, now: 1)
        #expect(schedule.ended("k", ranFor: 0.1, now: 2) == 1)
        #expect(schedule.ended("k", ranFor: 30, now: 40) == 0.25)
    }

    @Test func relaysNoLongerWantedAreForgotten() {
        var schedule = RelayReopenSchedule<String>()
        _ = schedule.ended("gone", ranFor: 0, now: 0)
        _ = schedule.ended("kept", ranFor: 0, now: 0)
        schedule.keep(only: ["kept"])
        #expect(!schedule.isReopen("gone") && schedule.mayOpen("gone", now: 0))
        #expect(schedule.isReopen("kept"))
    }
}
