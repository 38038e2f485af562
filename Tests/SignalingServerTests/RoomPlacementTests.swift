import Testing

@testable import SignalingServer

/// Rooms go to the least-loaded worker whatever their names, and keep it
/// while anyone holds them.
@Suite struct RoomPlacementTests {
    @Test func roomsSpreadEvenlyWhateverTheirNames() {
        let placement = LeastLoadedWorkerPlacement(workers: 4)
        // Names an attacker might pick to land on one worker under a hash.
        for index in 0..<400 { _ = placement.claim("crafted-\(index * 4)") }
        #expect(placement.roomsPerWorker == [100, 100, 100, 100])
    }

    @Test func aRoomKeepsItsWorkerWhileClaimedAndIsForgottenAfter() {
        let placement = LeastLoadedWorkerPlacement(workers: 2)
        let standup = placement.claim("standup")
        _ = placement.claim("other")
        #expect(placement.claim("standup") == standup, "a second participant meets the first")
        placement.release("standup")
        #expect(placement.placement(of: "standup") == standup, "one participant is still there")
        placement.release("standup")
        #expect(placement.placement(of: "standup") == nil)
        #expect(placement.roomsPerWorker.reduce(0, +) == 1)
        placement.release("unknown")  // a stray release changes nothing
        #expect(placement.roomsPerWorker.reduce(0, +) == 1)
    }
}
