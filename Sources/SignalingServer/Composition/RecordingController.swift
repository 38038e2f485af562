import Foundation
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Recording
import Rooms

/// Starts and stops room recordings: automatically when a room listed in
/// `recording.rooms` is created (with `recording.enabled`), and on demand
/// through `RecordingRoutes`. Each recording is a `RoomRecorder` sink on
/// the room's loop feeding the shared `RecordingWriter` thread. Tells the
/// room's participants with `recording` events, and logs every failure;
/// a failed recording leaves the room running. Disk work (creating a
/// recording's directory) runs on NIO's blocking-I/O thread pool, never on
/// an event loop or the concurrency pool.
final class RecordingController: Sendable {
    /// What `start` did.
    enum StartResult: Sendable {
        case started(RoomRecording)
        case alreadyRecording(RoomRecording)
        /// The room has nobody in it yet: recording starts when it is created.
        case armed
        case failed(String)
        /// `limits.max_armed_recordings` rooms are armed or recording on request already.
        case limitReached(Int)
    }

    private struct Active: Sendable {
        let recording: RoomRecording
        let recorder: NIOLoopBound<RoomRecorder>
        let worker: MediaWorker
    }

    private struct State: Sendable {
        var active: [String: Active] = [:]
        /// Rooms started through HTTP, recorded whenever they exist.
        var requested: Set<String> = []
        /// Rooms stopped through HTTP, not recorded automatically again.
        var suppressed: Set<String> = []
        /// Rooms taken over from a dead node that recorded them: their next
        /// recording says in its manifest that it continues that one.
        var continuing: Set<String> = []
    }

    let context: ServerContext
    let writer = RecordingWriter()
    /// What every recording dropped, failed and finished (for /metrics).
    let counters = RecordingCounters()
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(context: ServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    var configuration: ServerConfiguration.Recording { context.configuration.recording }

    private var formats: RecordingFormats {
        RecordingFormats(audioOnly: RecordingFormats.AudioOnly(rawValue: configuration.audioOnlyFormat) ?? .ogg)
    }

    /// Hooks room creation on every worker, for automatic recording.
    func install() async throws {
        // A room taken over from a dead node that recorded it: a new part here.
        await context.cluster?.onRecordedTakeover { [self] room in _ = await self.start(room: room, continuation: true) }
        for worker in context.workers.workers {
            let registry = context.registry(of: worker)
            try await worker.eventLoop.submit {
                registry.value.onRoomCreated = { [self] room in self.roomCreated(room, worker: worker) }
            }.get()
        }
    }

    private func wantsRecording(_ room: String) -> Bool {
        state.withLockedValue { state in
            if state.requested.contains(room) { return true }
            guard configuration.enabled, !state.suppressed.contains(room) else { return false }
            return configuration.rooms.contains("*") || configuration.rooms.contains(room)
        }
    }

    /// On the loop: a new room; recorded when configured or requested.
    private func roomCreated(_ room: Room, worker: MediaWorker) {
        // A new shard of a room spread over workers: recorded where it began.
        guard wantsRecording(room.name), state.withLockedValue({ $0.active[room.name] == nil }) else { return }
        attach(makeRecording(room: room.name, worker: worker), to: room, worker: worker)
    }

    private func makeRecording(room: String, worker: MediaWorker) -> RoomRecording {
        let registry = context.registry(of: worker)
        let continuation = state.withLockedValue { $0.continuing.remove(room) != nil }
        return RoomRecording(
            room: room, baseDirectory: configuration.dir, formats: formats, counters: counters, continuation: continuation,
            onEvent: { [self] event in self.handle(event, worker: worker) },
            requestKeyframe: { track in
                worker.eventLoop.execute {
                    registry.value.rooms[room]?.requestKeyframe(forTrack: track, now: .now())
                }
            })
    }

    /// On the loop: the recorder joins the room's sinks and everyone hears `started`.
    private func attach(_ recording: RoomRecording, to room: Room, worker: MediaWorker) {
        let notice = RecordingNotice(state: .started, room: recording.room, id: recording.id)
        let recorder = RoomRecorder(recording: recording) { [weak room] participant in
            room?.deliver(.recording(notice), to: participant.id)
        }
        state.withLockedValue {
            $0.active[room.name] = Active(
                recording: recording, recorder: NIOLoopBound(recorder, eventLoop: worker.eventLoop), worker: worker)
        }
        // Flagged before the writer sees it: a recording that fails at
        // once clears the flag after this, never before.
        context.cluster?.markRecording(room.name, true)
        writer.add(recording)
        room.addSink(recorder, now: .now())
        logger.debug("recorder attached", metadata: ["room": "\(room.name)", "id": "\(recording.id)"])
    }

    /// Starts recording `name` (HTTP). The directory is created here, so an
    /// unwritable one is reported in the answer.
    func start(room name: String, continuation: Bool = false) async -> StartResult {
        if let active = state.withLockedValue({ $0.active[name] }) { return .alreadyRecording(active.recording) }
        let limit = context.configuration.limits.maxArmedRecordings
        let admitted = state.withLockedValue { state -> Bool in
            // Arbitrary room names must not grow this set without bound.
            guard state.requested.contains(name) || state.requested.count < limit else { return false }
            state.requested.insert(name)
            state.suppressed.remove(name)
            if continuation { state.continuing.insert(name) }
            return true
        }
        guard admitted else {
            context.admission.count("max_armed_recordings")
            return .limitReached(limit)
        }
        // Nobody there: the room's creation (on whichever worker) starts it.
        guard let worker = context.worker(ofRoom: name) else { return .armed }
        let registry = context.registry(of: worker)
        let exists = (try? await worker.eventLoop.submit { registry.value.rooms[name] != nil }.get()) ?? false
        guard exists else { return .armed }
        let recording = makeRecording(room: name, worker: worker)
        if let message = await Self.prepare(recording) {
            state.withLockedValue { _ = $0.requested.remove(name) }
            // A takeover's claim still says recording: not any more.
            if continuation { context.cluster?.markRecording(name, false) }
            logger.error("recording failed", metadata: ["room": "\(name)", "error": "\(message)"])
            let notice = RecordingNotice(state: .failed, room: name, id: recording.id, error: message)
            worker.eventLoop.execute { registry.value.rooms[name]?.broadcast(.recording(notice)) }
            return .failed(message)
        }
        let result: StartResult? = try? await worker.eventLoop.submit { () -> StartResult in
            if let active = self.state.withLockedValue({ $0.active[name] }) { return .alreadyRecording(active.recording) }
            guard let room = registry.value.rooms[name] else { return .armed }
            self.attach(recording, to: room, worker: worker)
            return .started(recording)
        }.get()
        switch result {
        case .started?: break
        default:
            // Not attached after all: let the prepared recording end empty.
            let recorder = RoomRecorder(recording: recording)
            writer.add(recording)
            recorder.detached(now: .now())
        }
        return result ?? .failed("the room's worker is shutting down")
    }

    /// Creates the recording's directory and first manifest on the
    /// blocking-I/O pool; nil when done, else why it failed.
    private static func prepare(_ recording: RoomRecording) async -> String? {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () -> String? in
                do throws(RecordingError) {
                    try recording.prepare()
                    return nil
                } catch {
                    return error.description
                }
            }
        } catch {
            return "cannot prepare the recording: \(error)"
        }
    }

    /// Stops recording `name` (HTTP); waits up to 5 s for its files to be
    /// finished. Nil when it was not being recorded.
    func stop(room name: String) async -> RoomRecording? {
        let active = state.withLockedValue { state -> Active? in
            state.requested.remove(name)
            // Only a room the configuration records needs holding back.
            if configuration.enabled && (configuration.rooms.contains("*") || configuration.rooms.contains(name)) {
                state.suppressed.insert(name)
            }
            return state.active.removeValue(forKey: name)
        }
        context.cluster?.markRecording(name, false)
        guard let active else { return nil }
        let registry = context.registry(of: active.worker)
        try? await active.worker.eventLoop.submit {
            let recorder = active.recorder.value
            if let room = registry.value.rooms[name], room.hasSink(recorder) {
                room.removeSink(recorder, now: .now())
            } else {
                recorder.detached(now: .now())
            }
        }.get()
        for _ in 0..<250 where !active.recording.isFinished {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return active.recording
    }

    /// The id of the recording of `name` under way, if any.
    func activeRecording(of name: String) -> RoomRecording? {
        state.withLockedValue { $0.active[name]?.recording }
    }

    /// Finishes every recording (clean shutdown): cues, durations, manifests.
    func shutdown() async {
        await writer.shutdown()
    }

    /// From the writer thread.
    private func handle(_ event: RecordingEvent, worker: MediaWorker) {
        let registry = context.registry(of: worker)
        switch event {
        case .started(let room, let id, let directory):
            logger.info("recording started", metadata: ["room": "\(room)", "id": "\(id)", "dir": "\(directory)"])
        case .stopped(let room, let id, let directory):
            logger.info("recording stopped", metadata: ["room": "\(room)", "id": "\(id)", "dir": "\(directory)"])
            forget(room: room, id: id)
            let notice = RecordingNotice(state: .stopped, room: room, id: id)
            worker.eventLoop.execute { registry.value.rooms[room]?.broadcast(.recording(notice)) }
        case .failed(let room, let id, let message):
            logger.error("recording failed", metadata: ["room": "\(room)", "id": "\(id)", "error": "\(message)"])
            detachIfFinished(room: room, id: id)
            let notice = RecordingNotice(state: .failed, room: room, id: id, error: message)
            worker.eventLoop.execute { registry.value.rooms[room]?.broadcast(.recording(notice)) }
        case .gap(let room, let id, let dropped):
            logger.warning(
                "recording queue full: packets dropped, the files have a gap",
                metadata: ["room": "\(room)", "id": "\(id)", "dropped": "\(dropped)"])
        }
    }

    /// A recording that could not even start leaves the room's sinks, and
    /// its claim stops saying recording: a node taking the room over must
    /// not start again what failed here.
    private func detachIfFinished(room: String, id: String) {
        let finished = state.withLockedValue { state -> Active? in
            guard let active = state.active[room], active.recording.id == id, active.recording.isFinished else { return nil }
            state.active[room] = nil
            return active
        }
        guard let finished else { return }
        context.cluster?.markRecording(room, false)
        let registry = context.registry(of: finished.worker)
        finished.worker.eventLoop.execute {
            registry.value.rooms[room]?.removeSink(finished.recorder.value, now: .now())
        }
    }

    private func forget(room: String, id: String) {
        state.withLockedValue { state in
            if state.active[room]?.recording.id == id { state.active[room] = nil }
        }
    }
}
