import NIOConcurrencyHelpers
import Testing

@testable import SignalingServer

/// Rooms go to the least-loaded worker whatever their names, and keep it
/// while anyone holds them; past `spreadAfter` a room spreads over every
/// worker, its participants evened out, and each shard ends on its own.
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
        placement.release("standup", worker: standup)
        #expect(placement.placement(of: "standup") == standup, "one participant is still there")
        placement.release("standup", worker: standup)
        #expect(placement.placement(of: "standup") == nil)
        #expect(placement.roomsPerWorker.reduce(0, +) == 1)
        placement.release("unknown", worker: 0)  // a stray release changes nothing
        placement.release("other", worker: 1 - standup)
        placement.release("other", worker: 1 - standup)
        #expect(placement.roomsPerWorker == [0, 0])
    }

    @Test func withoutSpreadARoomStaysOnOneWorker() {
        let placement = LeastLoadedWorkerPlacement(workers: 2)
        let workers = (0..<10).map { _ in placement.claim("big") }
        #expect(Set(workers).count == 1)
        #expect(placement.shards(of: "big") == [workers[0]])
    }

    @Test func pastSpreadAfterJoinsEvenOutOverTheWorkers() {
        let ended = NIOLockedValueBox<[String]>([])
        let placement = LeastLoadedWorkerPlacement(workers: 3, spreadAfter: 4) { room, worker in
            ended.withLockedValue { $0.append("\(room)@\(worker)") }
        }
        let workers = (0..<10).map { _ in placement.claim("big") }
        #expect(Array(workers.prefix(4)) == [0, 0, 0, 0], "one worker until the room holds spread_after")
        #expect(workers.count { $0 == 0 } == 4 && workers.count { $0 == 1 } == 3 && workers.count { $0 == 2 } == 3)
        #expect(placement.shards(of: "big") == [0, 1, 2])
        #expect(placement.roomsPerWorker == [1, 1, 1], "a shard counts for its worker")
        // The second worker's participants leave: that shard ends, alone.
        for _ in 0..<3 { placement.release("big", worker: 1) }
        #expect(ended.withLockedValue { $0 } == ["big@1"])
        #expect(placement.shards(of: "big") == [0, 2])
        // The first shard goes too: the room lives on in the last one.
        for _ in 0..<4 { placement.release("big", worker: 0) }
        #expect(placement.placement(of: "big") == 2)
        for _ in 0..<3 { placement.release("big", worker: 2) }
        #expect(placement.shards(of: "big").isEmpty)
        #expect(ended.withLockedValue { $0 } == ["big@1", "big@0", "big@2"], "every shard's end is told")
        #expect(placement.roomsPerWorker == [0, 0, 0])
    }
}
