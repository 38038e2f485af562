import Rooms

/// `switchboard_room_shard*` series: rooms spread over workers, read from
/// the rooms' figures (a pipe's packets are its subscriptions', so
/// counting them costs the media path nothing).
enum ShardMetrics {
    static func render(
        _ rooms: [RoomStats], pipes: Int, totals: PipeTotals, spreadAfter: Int, pipeBufferBytes: Int
    ) -> String {
        let (handed, dropped) = totals.snapshot
        var spread: Set<String> = []
        var packets: UInt64 = 0
        var bytes: UInt64 = 0
        for room in rooms {
            for participant in room.participants where participant.shard != nil && participant.relayDirection == "out" {
                spread.insert(room.room)
                for subscription in participant.subscriptions {
                    packets &+= subscription.packets
                    bytes &+= subscription.bytes
                }
            }
        }
        return """
            # HELP switchboard_rooms_spread Rooms spread over several workers
            # TYPE switchboard_rooms_spread gauge
            switchboard_rooms_spread \(spread.count)
            # HELP switchboard_room_shard_pipes Pipes between the shards of spread rooms (one each way per pair)
            # TYPE switchboard_room_shard_pipes gauge
            switchboard_room_shard_pipes \(pipes)
            # HELP switchboard_room_shard_pipe_packets_total RTP packets handed between shards by the pipes open now
            # TYPE switchboard_room_shard_pipe_packets_total counter
            switchboard_room_shard_pipe_packets_total \(packets)
            # HELP switchboard_room_shard_pipe_bytes_total RTP bytes handed between shards by the pipes open now
            # TYPE switchboard_room_shard_pipe_bytes_total counter
            switchboard_room_shard_pipe_bytes_total \(bytes)
            # HELP switchboard_room_shard_pipe_handed_packets_total Packets (RTP and RTCP) pipes handed to another worker, since start
            # TYPE switchboard_room_shard_pipe_handed_packets_total counter
            switchboard_room_shard_pipe_handed_packets_total \(handed)
            # HELP switchboard_room_shard_pipe_dropped_packets_total Packets pipes dropped: the other worker had rooms.shard_pipe_buffer_bytes waiting
            # TYPE switchboard_room_shard_pipe_dropped_packets_total counter
            switchboard_room_shard_pipe_dropped_packets_total \(dropped)
            # HELP switchboard_room_shard_pipe_buffer_bytes rooms.shard_pipe_buffer_bytes: bytes a pipe may have waiting for the other worker
            # TYPE switchboard_room_shard_pipe_buffer_bytes gauge
            switchboard_room_shard_pipe_buffer_bytes \(pipeBufferBytes)
            # HELP switchboard_rooms_spread_after rooms.spread_after: participants a room holds before it spreads (0: never)
            # TYPE switchboard_rooms_spread_after gauge
            switchboard_rooms_spread_after \(spreadAfter)

            """
    }
}
