import Synchronization

/// What recordings dropped, failed and finished, summed over every
/// recording that shares it (the server shares one): written on the
/// writer thread, read from any thread (for /metrics).
public final class RecordingCounters: Sendable {
    /// One reading of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Frames dropped for growing past the frame limit (a publisher
        /// that never ends its frames).
        public var oversizeFramesDropped: Int
        /// Packets dropped because a recording's queue was full.
        public var queueDrops: Int
        /// Media or manifest writes that failed (disk full, directory gone).
        public var writeFailures: Int
        /// Media files finished and synced to disk.
        public var filesFinalized: Int
        /// Tracks whose SSRC changed (a sender restart, or a publisher
        /// flipping SSRCs): each one restarts the track's pipeline.
        public var streamRestarts: Int
    }

    private let oversizeFramesDropped = Atomic<Int>(0)
    private let queueDrops = Atomic<Int>(0)
    private let writeFailures = Atomic<Int>(0)
    private let filesFinalized = Atomic<Int>(0)
    private let streamRestarts = Atomic<Int>(0)

    public init() {}

    /// The counters now.
    public var snapshot: Snapshot {
        Snapshot(
            oversizeFramesDropped: oversizeFramesDropped.load(ordering: .relaxed),
            queueDrops: queueDrops.load(ordering: .relaxed), writeFailures: writeFailures.load(ordering: .relaxed),
            filesFinalized: filesFinalized.load(ordering: .relaxed), streamRestarts: streamRestarts.load(ordering: .relaxed))
    }

    func addOversizeFramesDropped(_ count: Int) {
        if count > 0 { oversizeFramesDropped.add(count, ordering: .relaxed) }
    }

    func addQueueDrops(_ count: Int) {
        if count > 0 { queueDrops.add(count, ordering: .relaxed) }
    }

    func addWriteFailure() { writeFailures.add(1, ordering: .relaxed) }

    func addFileFinalized() { filesFinalized.add(1, ordering: .relaxed) }

    func addStreamRestart() { streamRestarts.add(1, ordering: .relaxed) }
}
