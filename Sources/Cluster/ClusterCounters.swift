import NIOConcurrencyHelpers

/// What the cluster did, for `/metrics` (`switchboard_cluster_*`).
public final class ClusterCounters: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var heartbeats = 0
        public var heartbeatFailures = 0
        /// Joins answered here, redirected, or refused for want of the database.
        public var claimsHere = 0
        public var claimsRedirected = 0
        public var claimsFailed = 0
        /// Claims of stale nodes taken over (epoch incremented).
        public var takeovers = 0
        public var releases = 0
        public var releaseFailures = 0
        /// Recording flags written to `rooms`, and writes that failed.
        public var recordingFlags = 0
        public var recordingFlagFailures = 0
        /// Recordings started here because a taken-over room was recorded.
        public var recordingsResumed = 0
        /// 1 while the last database call succeeded.
        public var databaseUp = true
        public var draining = false
        /// Live nodes seen at the last heartbeat.
        public var liveNodes = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLockedValue(body)
    }
}
