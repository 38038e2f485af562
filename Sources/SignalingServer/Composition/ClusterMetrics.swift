import Cluster

/// `switchboard_cluster_*` series in the Prometheus text format.
enum ClusterMetrics {
    static func render(_ counters: ClusterCounters.Snapshot) -> String {
        let series: [(String, String, String, Int)] = [
            ("switchboard_cluster_heartbeats_total", "counter", "Heartbeats written to the nodes table", counters.heartbeats),
            ("switchboard_cluster_heartbeat_failures_total", "counter", "Heartbeats that failed or timed out", counters.heartbeatFailures),
            ("switchboard_cluster_takeovers_total", "counter", "Claims of stale nodes taken over (epoch incremented)", counters.takeovers),
            ("switchboard_cluster_releases_total", "counter", "Room claims given back when the room emptied here", counters.releases),
            ("switchboard_cluster_release_failures_total", "counter", "Room claims that could not be given back", counters.releaseFailures),
            ("switchboard_cluster_recording_flags_total", "counter", "Recording starts and stops noted in the room's claim", counters.recordingFlags),
            ("switchboard_cluster_recording_flag_failures_total", "counter", "Recording flags that could not be written", counters.recordingFlagFailures),
            ("switchboard_cluster_recordings_resumed_total", "counter", "Recordings armed here for a recorded room taken over", counters.recordingsResumed),
            ("switchboard_cluster_database_up", "gauge", "1 while the last database call succeeded", counters.databaseUp ? 1 : 0),
            ("switchboard_cluster_draining", "gauge", "1 while this node takes no new rooms", counters.draining ? 1 : 0),
            ("switchboard_cluster_live_nodes", "gauge", "Live nodes at the last heartbeat", counters.liveNodes),
        ]
        var text = series.map { "# HELP \($0.0) \($0.2)\n# TYPE \($0.0) \($0.1)\n\($0.0) \($0.3)\n" }.joined()
        text += "# HELP switchboard_cluster_claims_total Joins by where the cluster placed their room\n"
        text += "# TYPE switchboard_cluster_claims_total counter\n"
        for (result, value) in [("here", counters.claimsHere), ("redirected", counters.claimsRedirected), ("failed", counters.claimsFailed)] {
            text += "switchboard_cluster_claims_total{result=\"\(result)\"} \(value)\n"
        }
        return text
    }
}
