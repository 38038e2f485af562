import Rooms

/// `switchboard_cluster_relay*` series (cascade placement), read from the
/// rooms' figures: a relay's packets are its participant's, so counting
/// them costs the media path nothing. Totals cover the relays running now.
enum RelayMetrics {
    static func render(
        _ rooms: [RoomStats], refusals: RelayCounters, maxRelays: Int, refusedForLimit: Int, reopened: Int = 0
    ) -> String {
        // An incoming relay stands for each far publisher: count far nodes.
        var incoming: Set<String> = []
        var relays = ["in": 0, "out": 0]
        var packets = ["in": UInt64(0), "out": 0]
        var bytes = ["in": UInt64(0), "out": 0]
        for room in rooms {
            for participant in room.participants {
                guard let direction = participant.relayDirection, participant.shard == nil else { continue }
                if direction == "out" {
                    relays["out", default: 0] += 1
                } else if incoming.insert(room.room + "\u{0}" + (participant.relay ?? "")).inserted {
                    relays["in", default: 0] += 1
                }
                if direction == "in" {
                    for track in participant.published {
                        packets["in", default: 0] += track.packets
                        bytes["in", default: 0] += track.bytes
                    }
                } else {
                    for subscription in participant.subscriptions {
                        packets["out", default: 0] += subscription.packets
                        bytes["out", default: 0] += subscription.bytes
                    }
                }
            }
        }
        var text = ""
        func series(_ name: String, _ type: String, _ help: String, _ values: [String: UInt64], label: String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for key in values.keys.sorted() { text += "\(name){\(label)=\"\(key)\"} \(values[key] ?? 0)\n" }
        }
        series(
            "switchboard_cluster_relays", "gauge", "Relays running: in pulls another node's tracks here, out serves them",
            relays.mapValues(UInt64.init), label: "direction")
        series(
            "switchboard_cluster_relay_packets_total", "counter", "RTP packets through the relays running now",
            packets, label: "direction")
        series(
            "switchboard_cluster_relay_bytes_total", "counter", "RTP bytes through the relays running now", bytes,
            label: "direction")
        let refused = refusals.refused
        var counts: [String: UInt64] = [:]
        for reason in RelayCounters.Refusal.allCases { counts[reason.rawValue] = UInt64(refused[reason] ?? 0) }
        series(
            "switchboard_cluster_relays_refused_total", "counter", "Relay joins refused here, by reason", counts,
            label: "reason")
        text += "# HELP switchboard_cluster_relay_limit cluster.max_relays: relays this node pulls at once\n"
        text += "# TYPE switchboard_cluster_relay_limit gauge\nswitchboard_cluster_relay_limit \(maxRelays)\n"
        text += "# HELP switchboard_cluster_relays_over_limit_total Relay decisions that left relays unstarted for max_relays\n"
        text += "# TYPE switchboard_cluster_relays_over_limit_total counter\n"
        text += "switchboard_cluster_relays_over_limit_total \(refusedForLimit)\n"
        text += "# HELP switchboard_cluster_relays_reopened_total Relays opened again after ending by themselves\n"
        text += "# TYPE switchboard_cluster_relays_reopened_total counter\n"
        text += "switchboard_cluster_relays_reopened_total \(reopened)\n"
        return text
    }
}
