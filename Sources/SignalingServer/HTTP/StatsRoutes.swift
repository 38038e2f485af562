import Foundation
import Hummingbird
import NIOCore
import Rooms

/// `GET /rooms/{room}`: the room's figures as JSON (`RoomStats`: per
/// participant its published tracks and subscriptions with packets, bytes,
/// loss, jitter, RTT, NACKs, retransmissions, keyframe requests, layer and
/// bandwidth estimate); 404 when the room has nobody in it.
enum StatsRoutes {
    static func add(to router: some RouterMethods<SwitchboardRequestContext>, context server: ServerContext) {
        router.get("/rooms/:room") { _, context in
            let name = try context.parameters.require("room")
            guard let stats = try await roomStats(name, context: server) else { throw HTTPError(.notFound) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(stats)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The stats of room `name`, read on its workers' loops; nil when
    /// absent. A room spread over workers lists each participant once,
    /// from its own shard, with the pipes between shards (`shard`).
    static func roomStats(_ name: String, context: ServerContext) async throws -> RoomStats? {
        var merged: RoomStats?
        for index in context.placement.shards(of: name) {
            let worker = context.workers.workers[index]
            let registry = context.registry(of: worker)
            guard
                let stats = try await worker.eventLoop.submit({ registry.value.rooms[name]?.stats(now: .now()) }).get()
            else { continue }
            let own = stats.participants.filter { $0.shard == nil || $0.relayDirection == "out" }
            if merged == nil {
                merged = RoomStats(room: stats.room, participants: own)
            } else {
                merged?.participants += own
            }
        }
        return merged
    }
}
