import Cluster
import Foundation
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import Recording
import Rooms

/// The Prometheus view of the server (`GET /metrics`, every name
/// `switchboard_*`). Values are read from the workers at scrape time, on
/// their own loops, so the packet path never touches a metric.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let context: ServerContext
    private let recordingCounters: RecordingCounters
    private let turn: TURNEndpoint?
    private let previous = NIOLockedValueBox<[String: UInt64]>([:])

    private let rooms: Gauge
    private let participants: Gauge
    private let tracks: Gauge
    private let subscriptions: Gauge
    private let peerTransports: Gauge
    private let counters: [String: Counter]

    /// Cumulative counters: metric name (and label) → how to read it.
    private static let counterReaders: [(name: String, labels: [(String, String)], read: @Sendable (MediaTransportCounters) -> UInt64)] = [
        ("switchboard_packets_received_total", [], { $0.datagramsReceived }),
        ("switchboard_bytes_received_total", [], { $0.bytesReceived }),
        ("switchboard_packets_sent_total", [], { $0.datagramsSent }),
        ("switchboard_bytes_sent_total", [], { $0.bytesSent }),
        ("switchboard_packets_dropped_total", [("reason", "unknown_kind")], { $0.droppedUnknownKind }),
        ("switchboard_packets_dropped_total", [("reason", "unrouted_stun")], { $0.droppedUnroutedSTUN }),
        ("switchboard_packets_dropped_total", [("reason", "unrouted")], { $0.droppedUnroutedDatagram }),
        ("switchboard_packets_dropped_total", [("reason", "before_srtp")], { $0.droppedBeforeSRTP }),
        ("switchboard_packets_dropped_total", [("reason", "srtp_auth")], { $0.droppedSRTPAuthentication }),
        ("switchboard_packets_dropped_total", [("reason", "srtp_replay")], { $0.droppedSRTPReplay }),
        ("switchboard_packets_dropped_total", [("reason", "srtp_other")], { $0.droppedSRTPOther }),
        ("switchboard_packets_dropped_total", [("reason", "malformed_dtls")], { $0.droppedMalformedDTLS }),
        ("switchboard_packets_dropped_total", [("reason", "send_queue_full")], { $0.droppedSendQueueFull }),
        ("switchboard_ice_checks_rejected_total", [], { $0.rejectedChecks }),
        ("switchboard_ice_nominations_deferred_total", [], { $0.iceNominationsDeferred }),
        ("switchboard_ice_address_probes_total", [("result", "sent")], { $0.iceProbesSent }),
        ("switchboard_ice_address_probes_total", [("result", "validated")], { $0.iceAddressesValidated }),
        ("switchboard_ice_address_probes_total", [("result", "rejected")], { $0.iceProbeResponsesRejected }),
        ("switchboard_media_routes_refused_total", [], { $0.routeTakeoversRefused }),
        ("switchboard_media_routes_evicted_total", [], { $0.routesEvicted }),
        ("switchboard_srtp_streams_evicted_total", [], { $0.srtpStreamsEvicted }),
        ("switchboard_peers_closed_total", [("reason", "consent")], { $0.peersClosedConsent }),
        ("switchboard_peers_closed_total", [("reason", "dtls")], { $0.peersClosedDTLSFailure }),
        ("switchboard_peers_closed_total", [("reason", "closed")], { $0.peersClosedByOwner }),
        ("switchboard_peers_closed_total", [("reason", "remote")], { $0.peersClosedByRemote }),
    ]

    init(context: ServerContext, recordingCounters: RecordingCounters, turn: TURNEndpoint? = nil) {
        self.context = context
        self.recordingCounters = recordingCounters
        self.turn = turn
        rooms = registry.makeGauge(name: "switchboard_rooms", help: "Rooms with at least one participant")
        participants = registry.makeGauge(name: "switchboard_participants", help: "Participants in rooms")
        tracks = registry.makeGauge(name: "switchboard_tracks", help: "Published tracks")
        subscriptions = registry.makeGauge(name: "switchboard_subscriptions", help: "Tracks forwarded to subscribers")
        peerTransports = registry.makeGauge(name: "switchboard_peer_transports", help: "Peer connections on the media port")
        var counters: [String: Counter] = [:]
        for reader in Self.counterReaders {
            counters[Self.key(reader.name, reader.labels)] = registry.makeCounter(name: reader.name, labels: reader.labels)
        }
        self.counters = counters
    }

    private static func key(_ name: String, _ labels: [(String, String)]) -> String {
        name + labels.map { "|\($0.0)=\($0.1)" }.joined()
    }

    /// Reads every worker and renders the Prometheus text format.
    func render() async throws -> String {
        var totals = (rooms: Set<String>(), participants: 0, tracks: 0, subscriptions: 0, peers: 0)
        var transport: [MediaTransportCounters] = []
        var roomStats: [RoomStats] = []
        var roomTotals = RoomCounters()
        var openDataChannels = 0
        for worker in context.workers.workers {
            let registry = context.registry(of: worker)
            let snapshot = try await worker.eventLoop.submit {
                let rooms = registry.value.rooms.values
                return (
                    Set(rooms.map(\.name)), rooms.reduce(0) { $0 + $1.participants.count { $0.relay.worker == nil } },
                    rooms.reduce(0) { $0 + $1.publishedTracks.count },
                    rooms.reduce(0) { total, room in total + room.participants.reduce(0) { $0 + $1.subscriptionCount } },
                    worker.peerCount, worker.counters, rooms.map { $0.stats(now: .now()) },
                    registry.value.totals, rooms.reduce(0) { $0 + $1.openDataChannels }
                )
            }.get()
            // A room spread over workers is one room.
            totals.rooms.formUnion(snapshot.0)
            totals.participants += snapshot.1
            totals.tracks += snapshot.2
            totals.subscriptions += snapshot.3
            totals.peers += snapshot.4
            transport.append(snapshot.5)
            // Stand-ins of other shards' participants are counted there.
            roomStats += snapshot.6.map { room in
                var own = room
                own.participants.removeAll { $0.shard != nil && $0.relayDirection == "in" }
                return own
            }
            roomTotals = roomTotals.adding(snapshot.7)
            openDataChannels += snapshot.8
        }
        rooms.set(Double(totals.rooms.count))
        participants.set(Double(totals.participants))
        tracks.set(Double(totals.tracks))
        subscriptions.set(Double(totals.subscriptions))
        peerTransports.set(Double(totals.peers))
        previous.withLockedValue { previous in
            for reader in Self.counterReaders {
                let key = Self.key(reader.name, reader.labels)
                let total = transport.reduce(0) { $0 + reader.read($1) }
                let delta = total &- (previous[key] ?? 0)
                if delta > 0, delta < UInt64(Int64.max) { counters[key]?.increment(by: Int64(delta)) }
                previous[key] = total
            }
        }
        var turnText = ""
        if let turn { turnText = Self.renderTURN(try await turn.snapshot(), limits: context.configuration.turn) }
        if let limiter = context.workers.iceTCPLimiter {
            turnText += Self.renderICETCP(
                try await Self.collectICETCP(context.workers), admission: limiter.snapshot,
                limits: context.configuration.iceTCP)
        }
        return registry.emitToString() + context.refusals.render() + Self.renderRoomTotals(roomTotals) + turnText
            + Self.renderRecording(recordingCounters.snapshot)
            + "# HELP switchboard_media_send_queue_bytes media.send_queue_bytes: datagrams a media worker may hold for its socket\n"
            + "# TYPE switchboard_media_send_queue_bytes gauge\n"
            + "switchboard_media_send_queue_bytes \(context.configuration.media.sendQueueBytes)\n"
            + Self.renderDataChannels(
                open: openDataChannels, rooms: roomTotals.dataChannels,
                transport: transport.reduce(DataChannelTransportCounters()) { $0.adding($1.dataChannels) },
                limits: context.configuration.dataChannels.limits) + Self.renderParticipants(roomStats.sorted { $0.room < $1.room })
            + ShardMetrics.render(
                roomStats, pipes: context.shards.count, totals: context.shards.totals,
                spreadAfter: context.configuration.rooms.spreadAfterParticipants,
                pipeBufferBytes: context.configuration.rooms.shardPipeBufferBytes)
            + (context.cluster.map { ClusterMetrics.render($0.counters.snapshot) } ?? "")
            + (context.cluster != nil
                ? RelayMetrics.render(
                    roomStats, refusals: context.relayRefusals, maxRelays: context.configuration.cluster.maxRelays,
                    refusedForLimit: context.cascade?.director.refusedForLimit.withLockedValue { $0 } ?? 0,
                    reopened: context.cascade?.director.reopened.withLockedValue { $0 } ?? 0) : "")
    }

    /// Per participant and track series, labelled `room`, `participant`
    /// and `track` (and `rid` for the forwarded layer); they exist while the
    /// participant is in its room.
    static func renderParticipants(_ rooms: [RoomStats]) -> String {
        var series: [String: (type: String, help: String, lines: [String])] = [:]
        var order: [String] = []
        func add(_ name: String, _ type: String, _ help: String, _ labels: [(String, String)], _ value: Double) {
            if series[name] == nil {
                series[name] = (type, help, [])
                order.append(name)
            }
            let text = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
            let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            series[name]!.lines.append("\(name){\(text)} \(number)")
        }
        for room in rooms {
            for participant in room.participants {
                let who = [("room", room.room), ("participant", participant.id)]
                if let estimate = participant.bandwidthEstimate {
                    add("switchboard_bandwidth_estimate_bps", "gauge", "Subscriber bandwidth estimate (bit/s)", who, Double(estimate))
                }
                if let rtt = participant.roundTripTimeMilliseconds {
                    add("switchboard_round_trip_time_ms", "gauge", "Subscriber round-trip time (ms)", who, rtt)
                }
                for track in participant.published {
                    let labels = who + [("track", track.id)]
                    add("switchboard_track_packets_received_total", "counter", "Packets received per published track", labels, Double(track.packets))
                    add("switchboard_track_bytes_received_total", "counter", "Bytes received per published track", labels, Double(track.bytes))
                    add("switchboard_track_packets_lost", "gauge", "Packets lost from the publisher (RFC 3550 cumulative)", labels, Double(track.packetsLost))
                    add("switchboard_track_jitter", "gauge", "Interarrival jitter from the publisher (RTP units)", labels, Double(track.jitter))
                    add("switchboard_nacks_sent_total", "counter", "Sequence numbers NACKed to publishers", labels, Double(track.nacksSent))
                    add("switchboard_packets_recovered_total", "counter", "Publisher packets recovered after a gap", labels, Double(track.packetsRecovered))
                    add("switchboard_plis_sent_total", "counter", "Keyframe requests (PLI/FIR) sent to publishers", labels, Double(track.keyframeRequestsSent))
                }
                for subscription in participant.subscriptions {
                    let labels = who + [("track", subscription.track)]
                    add("switchboard_subscription_packets_sent_total", "counter", "Packets forwarded per subscription", labels, Double(subscription.packets))
                    add("switchboard_subscription_bytes_sent_total", "counter", "Bytes forwarded per subscription", labels, Double(subscription.bytes))
                    add("switchboard_nacks_received_total", "counter", "Sequence numbers NACKed by subscribers", labels, Double(subscription.nacksReceived))
                    add("switchboard_retransmissions_total", "counter", "Packets retransmitted to subscribers", labels, Double(subscription.retransmissions))
                    add("switchboard_subscription_fraction_lost", "gauge", "Fraction lost in the subscriber's last receiver report", labels, subscription.fractionLost)
                    if subscription.kind == "video" {
                        add(
                            "switchboard_forwarded_layer", "gauge", "1 for the simulcast layer forwarded (rid label), 0 while paused",
                            labels + [("rid", subscription.layer ?? "")], subscription.paused || subscription.layer == nil ? 0 : 1)
                    }
                }
            }
        }
        var text = ""
        for name in order {
            let entry = series[name]!
            text += "# HELP \(name) \(entry.help)\n# TYPE \(name) \(entry.type)\n"
            for line in entry.lines { text += line + "\n" }
        }
        return text
    }

    /// Prometheus label escaping: backslash, quote, newline.
    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Server-wide counters of what rooms refused or repaired.
    static func renderRoomTotals(_ totals: RoomCounters) -> String {
        renderCounters([
            ("switchboard_publisher_ssrcs_replaced_total", "Publisher SSRCs that replaced an earlier one of their layer", totals.ssrcsReplaced),
            ("switchboard_retransmissions_over_budget_total", "Retransmissions not sent: the subscriber's retransmission budget was spent", totals.retransmissionsOverBudget),
            ("switchboard_nacks_for_unsent_packets_total", "NACKed sequence numbers ahead of anything sent", totals.nacksForUnsentPackets),
            ("switchboard_nacks_past_history_total", "NACKed packets no longer held (rooms.retransmission_history): a keyframe request instead", totals.nacksPastHistory),
        ])
    }

    /// Server-wide counters of what recordings dropped, failed and finished.
    static func renderRecording(_ counters: RecordingCounters.Snapshot) -> String {
        renderCounters([
            ("switchboard_recording_frames_dropped_oversize_total", "Frames dropped for growing past the recording frame limit", counters.oversizeFramesDropped),
            ("switchboard_recording_queue_drops_total", "Packets dropped because a recording's queue was full", counters.queueDrops),
            ("switchboard_recording_write_failures_total", "Recording media or manifest writes that failed", counters.writeFailures),
            ("switchboard_recording_files_finalized_total", "Recording files finished and synced to disk", counters.filesFinalized),
            ("switchboard_recording_stream_restarts_total", "Recorded tracks whose SSRC changed", counters.streamRestarts),
        ])
    }

    /// Unlabelled counters read whole at scrape time, in the text format.
    private static func renderCounters(_ series: [(name: String, help: String, value: any BinaryInteger)]) -> String {
        series.map { "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) counter\n\($0.name) \($0.value)\n" }.joined()
    }
}
