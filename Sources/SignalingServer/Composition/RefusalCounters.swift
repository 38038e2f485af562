import NIOConcurrencyHelpers

/// Requests the server refused (auth, limits), counted by metric and one
/// label, rendered into /metrics. Counted off the packet path only: HTTP
/// handlers and signaling sessions, under a lock.
final class RefusalCounters: Sendable {
    private struct Key: Hashable, Comparable {
        var metric: String
        var label: String
        var value: String

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.metric, lhs.label, lhs.value) < (rhs.metric, rhs.label, rhs.value)
        }
    }

    private let counts = NIOLockedValueBox<[Key: UInt64]>([:])
    private let help: [String: String]

    /// `help`: each metric's name and help text; only these are rendered,
    /// every one from the start (at 0 for its known label values).
    init(help: [String: String], known: [(metric: String, label: String, value: String)]) {
        self.help = help
        counts.withLockedValue { counts in
            for entry in known { counts[Key(metric: entry.metric, label: entry.label, value: entry.value)] = 0 }
        }
    }

    func count(_ metric: String, _ label: String, _ value: String) {
        counts.withLockedValue { $0[Key(metric: metric, label: label, value: value), default: 0] &+= 1 }
    }

    func value(_ metric: String, _ label: String, _ value: String) -> UInt64 {
        counts.withLockedValue { $0[Key(metric: metric, label: label, value: value)] ?? 0 }
    }

    /// Prometheus text for every counted series.
    func render() -> String {
        let snapshot = counts.withLockedValue { $0 }.sorted { $0.key < $1.key }
        var text = ""
        var current = ""
        for (key, count) in snapshot where help[key.metric] != nil {
            if key.metric != current {
                current = key.metric
                text += "# HELP \(key.metric) \(help[key.metric]!)\n# TYPE \(key.metric) counter\n"
            }
            text += "\(key.metric){\(key.label)=\"\(key.value)\"} \(count)\n"
        }
        return text
    }
}

extension RefusalCounters {
    static let adminRefusals = "switchboard_admin_refusals_total"
    static let limitRefusals = "switchboard_limit_refusals_total"
    static let whipRefusals = "switchboard_whip_refusals_total"
    static let whepRefusals = "switchboard_whep_refusals_total"
    /// Every `limits:` key that refuses something (and the per-room participant limit).
    static let limitNames = [
        "max_rooms", "max_participants", "max_participants_per_room", "max_connections", "max_connections_per_ip",
        "joins_per_minute_per_ip", "messages_per_second", "join_timeout", "max_tracks_per_participant",
        "max_media_sections_per_offer", "max_armed_recordings", "allowed_origins",
    ]

    /// The server's refusal counters, every known series at 0.
    static func make() -> RefusalCounters {
        RefusalCounters(
            help: [
                adminRefusals: "HTTP control-plane requests refused (reason: missing, invalid, forbidden)",
                limitRefusals: "Requests refused by a configured limit (limit: its config key)",
                whipRefusals: "WHIP requests refused (reason: what was wrong)",
                whepRefusals: "WHEP requests refused (reason: what was wrong)",
            ],
            known: ["missing", "invalid", "forbidden"].map { (adminRefusals, "reason", $0) }
                + limitNames.map { (limitRefusals, "limit", $0) }
                + HTTPMediaRefusal.reasons.map { (whipRefusals, "reason", $0) }
                + HTTPMediaRefusal.reasons.map { (whepRefusals, "reason", $0) })
    }
}
