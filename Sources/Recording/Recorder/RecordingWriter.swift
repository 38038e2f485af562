import Foundation
import NIOCore
import Synchronization

/// The thread every recording writes on, off the event loops: every 10 ms
/// it takes each recording's queued input, rebuilds and writes frames, and
/// flushes files that are due. A recording ends when its room detaches it
/// (or on `shutdown`), after its files are finished. With no recording the
/// thread sleeps until one comes: an idle server does not wake for it.
public final class RecordingWriter: Sendable {
    private struct State {
        var recordings: [RoomRecording] = []
        var running = true
        var stopped: [CheckedContinuation<Void, Never>] = []
        var threadDone = false
    }

    private let state = Mutex(State())
    /// Signalled when a recording is added or shutdown begins.
    private let wake = DispatchSemaphore(value: 0)
    /// How long the thread sleeps between rounds.
    static let period: UInt32 = 10_000  // µs

    public init() {
        let thread = Thread { [self] in run() }
        thread.name = "recording-writer"
        thread.start()
    }

    /// Hands `recording` to the thread.
    public func add(_ recording: RoomRecording) {
        state.withLock { $0.recordings.append(recording) }
        wake.signal()
    }

    /// The recordings not finished yet.
    public var activeCount: Int { state.withLock { $0.recordings.count } }

    /// Finishes every recording (files get their cues and duration, the
    /// manifests their end) and stops the thread.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                state.running = false
                if state.threadDone { return true }
                state.stopped.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
            wake.signal()
        }
    }

    private func run() {
        while true {
            let (recordings, running) = state.withLock { ($0.recordings, $0.running) }
            let now = NIODeadline.now()
            var finished: [ObjectIdentifier] = []
            for recording in recordings where recording.service(now: now, stopping: !running) {
                finished.append(ObjectIdentifier(recording))
            }
            let done = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                if !finished.isEmpty {
                    state.recordings.removeAll { finished.contains(ObjectIdentifier($0)) }
                }
                guard !state.running, state.recordings.isEmpty else { return nil }
                state.threadDone = true
                defer { state.stopped = [] }
                return state.stopped
            }
            if let done {
                for continuation in done { continuation.resume() }
                return
            }
            if recordings.count == finished.count, running {
                // Nothing left to serve: sleep until `add` or `shutdown`.
                // A stale signal only costs one empty round.
                wake.wait()
                continue
            }
            usleep(Self.period)
        }
    }
}
