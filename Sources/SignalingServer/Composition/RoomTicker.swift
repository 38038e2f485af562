import MediaTransport
import NIOCore
import Rooms

/// Runs every room of one worker each 50 ms (keyframe requests, NACKs,
/// TWCC feedback, reports, layer choice, active speaker), but only while
/// the worker has a room: an idle server does not wake for it.
final class RoomTicker: Sendable {
    static let period = TimeAmount.milliseconds(50)

    private let eventLoop: any EventLoop
    private let task: NIOLoopBoundBox<RepeatedTask?>

    private init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        task = NIOLoopBoundBox.makeEmptyBox(valueType: RepeatedTask.self, eventLoop: eventLoop)
    }

    /// A ticker that follows `registry`'s rooms on `worker`'s loop.
    static func install(on worker: MediaWorker, registry: NIOLoopBound<RoomRegistry>) async throws -> RoomTicker {
        let ticker = RoomTicker(eventLoop: worker.eventLoop)
        try await worker.eventLoop.submit {
            registry.value.onOccupiedChanged = { occupied in
                if occupied {
                    ticker.start(registry: registry)
                } else {
                    ticker.task.value?.cancel()
                    ticker.task.value = nil
                }
            }
            if !registry.value.rooms.isEmpty { ticker.start(registry: registry) }
        }.get()
        return ticker
    }

    /// On the loop.
    private func start(registry: NIOLoopBound<RoomRegistry>) {
        guard task.value == nil else { return }
        task.value = eventLoop.scheduleRepeatedTask(initialDelay: Self.period, delay: Self.period) { _ in
            let now = NIODeadline.now()
            for room in registry.value.rooms.values { room.tick(now: now) }
        }
    }

    /// Stops ticking for good (shutdown).
    func stop() {
        eventLoop.execute { [self] in
            task.value?.cancel()
            task.value = nil
        }
    }
}
