import Cluster

/// Worker placement on a node of a cluster: the same worker choice, and
/// every release also ends the room's cluster hold that `RoomEntrance`
/// took (`ClusterNode.acquire`) before claiming the worker. So the last
/// participant leaving a room gives its claim in `rooms` back.
struct ClusterRoomPlacement: RoomPlacement {
    let local: LeastLoadedWorkerPlacement
    let cluster: ClusterNode

    func claim(_ room: String) -> Int {
        local.claim(room)
    }

    func release(_ room: String, worker: Int) {
        local.release(room, worker: worker)
        cluster.release(room)
    }

    func placement(of room: String) -> Int? {
        local.placement(of: room)
    }

    func shards(of room: String) -> [Int] {
        local.shards(of: room)
    }
}
