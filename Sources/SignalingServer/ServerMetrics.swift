import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import Rooms

/// The Prometheus view of the server (`GET /metrics`, every name
/// `switchboard_*`). Values are read from the workers at scrape time, on
/// their own loops, so the packet path never touches a metric.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let context: ServerContext
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
        ("switchboard_ice_checks_rejected_total", [], { $0.rejectedChecks }),
        ("switchboard_peers_closed_total", [("reason", "consent")], { $0.peersClosedConsent }),
        ("switchboard_peers_closed_total", [("reason", "dtls")], { $0.peersClosedDTLSFailure }),
        ("switchboard_peers_closed_total", [("reason", "closed")], { $0.peersClosedByOwner }),
        ("switchboard_peers_closed_total", [("reason", "remote")], { $0.peersClosedByRemote }),
    ]

    init(context: ServerContext) {
        self.context = context
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
        var totals = (rooms: 0, participants: 0, tracks: 0, subscriptions: 0, peers: 0)
        var transport: [MediaTransportCounters] = []
        for worker in context.workers.workers {
            let registry = context.registry(of: worker)
            let snapshot = try await worker.eventLoop.submit {
                let rooms = registry.value.rooms.values
                return (
                    rooms.count, rooms.reduce(0) { $0 + $1.participants.count },
                    rooms.reduce(0) { $0 + $1.publishedTracks.count },
                    rooms.reduce(0) { total, room in total + room.participants.reduce(0) { $0 + $1.subscriptionCount } },
                    worker.peerCount, worker.counters
                )
            }.get()
            totals.rooms += snapshot.0
            totals.participants += snapshot.1
            totals.tracks += snapshot.2
            totals.subscriptions += snapshot.3
            totals.peers += snapshot.4
            transport.append(snapshot.5)
        }
        rooms.set(Double(totals.rooms))
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
        return registry.emitToString()
    }
}
