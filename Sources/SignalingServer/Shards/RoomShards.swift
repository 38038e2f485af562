import Logging
import MediaNegotiation
import NIOConcurrencyHelpers
import NIOCore
import Rooms

/// The pipes between the shards of rooms spread over workers
/// (docs/shards.md): for every two shards of a room, one pipe each way, so
/// every shard holds every track once and forwards it to its own clients.
/// Pipes open before a new shard's first client joins (it sees everyone
/// in `joined`) and close when either shard ends.
final class RoomShards: Sendable {
    private struct Key: Hashable {
        let room: String
        let from: Int
        let to: Int
    }

    private struct Pipe: Sendable {
        let source: NIOLoopBound<ShardPipeSource>
        let sink: NIOLoopBound<ShardPipeSink>
    }

    /// Each worker's loop, by worker index.
    private let loops: [any EventLoop]
    private let registries: [NIOLoopBound<RoomRegistry>]
    private let preferences: CodecPreferences
    /// Bytes each direction of a pipe may have in flight to the other loop.
    private let pipeBufferBytes: Int
    /// Packets handed over and dropped by every pipe (for /metrics).
    let totals = PipeTotals()
    private let logger: Logger
    /// Pipes by room and direction; nil while one is being opened.
    private let pipes = NIOLockedValueBox<[Key: Pipe?]>([:])

    init(
        loops: [any EventLoop], registries: [NIOLoopBound<RoomRegistry>], preferences: CodecPreferences,
        pipeBufferBytes: Int, logger: Logger
    ) {
        self.loops = loops
        self.pipeBufferBytes = pipeBufferBytes
        self.registries = registries
        self.preferences = preferences
        self.logger = logger
    }

    /// Opens the pipes between `room`'s shard on `worker` and each of `others`
    /// that it lacks (the caller holds a claim on `worker`'s shard).
    func connect(_ room: String, worker: Int, others: [Int]) async {
        for other in others where other != worker {
            await open(Key(room: room, from: other, to: worker))
            await open(Key(room: room, from: worker, to: other))
        }
    }

    /// `room`'s shard on `worker` ended (no claim left): its pipes out
    /// close, and those into it too unless it records the room. A
    /// recording shard keeps taking the others' tracks until they end, so
    /// a recording made where the room began lasts as long as the room.
    func disconnect(_ room: String, worker: Int) {
        close(remove { $0.room == room && $0.from == worker })
        let registry = registries[worker]
        loops[worker].execute { [self] in
            if let shard = registry.value.rooms[room],
                shard.hasSinks || shard.participants.contains(where: { $0.relay.isClient })
            {
                return
            }
            close(remove { $0.room == room && $0.to == worker })
        }
    }

    private func remove(where matches: @escaping (Key) -> Bool) -> [Pipe] {
        pipes.withLockedValue { pipes -> [Pipe] in
            let keys = pipes.keys.filter(matches)
            return keys.compactMap { pipes.removeValue(forKey: $0) ?? nil }
        }
    }

    private func close(_ ended: [Pipe]) {
        for pipe in ended { Self.close(pipe) }
    }

    /// Pipes open now.
    var count: Int { pipes.withLockedValue { $0.values.count { $0 != nil } } }

    private func open(_ key: Key) async {
        let claimed = pipes.withLockedValue { pipes -> Bool in
            guard pipes[key] == nil else { return false }
            pipes[key] = .some(nil)
            return true
        }
        guard claimed else { return }
        var logger = self.logger
        logger[metadataKey: "room"] = "\(key.room)"
        logger[metadataKey: "pipe"] = "\(key.from)->\(key.to)"
        let pipe = try? await makePipe(key, logger: logger)
        let stale = pipes.withLockedValue { pipes -> Bool in
            // Disconnected meanwhile: the entry is gone, so is the pipe.
            guard pipes.keys.contains(key), let pipe else {
                if pipe == nil { pipes[key] = nil }
                return true
            }
            pipes[key] = .some(pipe)
            return false
        }
        if stale, let pipe { Self.close(pipe) }
    }

    /// The sink on the receiving shard first (its room is made if new),
    /// then the source joins the sending shard's room; nil when that shard
    /// has no room any more.
    private func makePipe(_ key: Key, logger: Logger) async throws -> Pipe? {
        let (sending, receiving) = (loops[key.from], loops[key.to])
        let (fromRegistry, toRegistry) = (registries[key.from], registries[key.to])
        let preferences = self.preferences
        let (forward, back) = (
            PipeBudget(limit: pipeBufferBytes, totals: totals), PipeBudget(limit: pipeBufferBytes, totals: totals)
        )
        let sink = try await receiving.submit {
            let registry = toRegistry.value
            return NIOLoopBound(
                ShardPipeSink(
                    room: registry.room(named: key.room), registry: registry, sourceWorker: key.from,
                    preferences: preferences, logger: logger),
                eventLoop: receiving)
        }.get()
        let source = try await sending.submit { () -> NIOLoopBound<ShardPipeSource>? in
            guard let room = fromRegistry.value.rooms[key.room] else { return nil }
            let source = ShardPipeSource(
                room: room, sinkWorker: key.to, loop: sending, sink: sink, budget: forward, logger: logger)
            let bound = NIOLoopBound(source, eventLoop: sending)
            // The sink's feedback handoff is made here, then set on its loop
            // before anything the source sends can reach it (FIFO).
            sink.eventLoop.execute { sink.value.connect(to: bound, loop: sink.eventLoop, budget: back) }
            do throws(RoomError) {
                try source.open()
            } catch {
                logger.warning("a pipe could not join its shard", metadata: ["error": "\(error)"])
                return nil
            }
            return bound
        }.get()
        guard let source else {
            receiving.execute { sink.value.close() }
            return nil
        }
        logger.debug("shard pipe open")
        return Pipe(source: source, sink: sink)
    }

    private static func close(_ pipe: Pipe) {
        pipe.source.eventLoop.execute { pipe.source.value.close() }
        pipe.sink.eventLoop.execute { pipe.sink.value.close() }
    }
}
