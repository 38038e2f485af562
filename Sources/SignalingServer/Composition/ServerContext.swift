import Cluster
import DTLS
import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import RTP
import Rooms
import SDP

/// What every signaling session shares: the configuration, the media
/// workers with their rooms, the server's certificate and the token key.
/// Rooms live on their worker's loop; sessions reach them with `submit`.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let workers: MediaWorkerGroup
    let registries: [ObjectIdentifier: NIOLoopBound<RoomRegistry>]
    let certificate: DTLSCertificate
    let tokens: TokenVerifier?
    /// Refused requests (auth, limits), for /metrics.
    let refusals: RefusalCounters
    /// Server-wide limits on sockets, joins, rooms and participants.
    let admission: AdmissionControl
    /// Which worker each room lives on (and, in a cluster, holds its claim).
    let placement: any RoomPlacement
    /// The pipes between the shards of rooms spread over workers.
    let shards: RoomShards
    /// This node in its cluster; nil for a single node.
    let cluster: ClusterNode?
    /// Cascade placement: relay tokens, the DTLS context of relay sockets
    /// and the relays this node pulls; nil otherwise.
    let cascade: CascadeParts?
    /// Relay joins refused here (any placement).
    let relayRefusals = RelayCounters()
    let preferences: CodecPreferences
    /// STUN and TURN URLs, and TURN credentials, for clients.
    let iceServers: ICEServerDirectory
    let logger: Logger

    init(
        configuration: ServerConfiguration, workers: MediaWorkerGroup, certificate: DTLSCertificate,
        tokens: TokenVerifier?, cluster: ClusterNode? = nil, turnSecret: [UInt8] = [], logger: Logger
    ) async throws {
        self.configuration = configuration
        self.iceServers = ICEServerDirectory(configuration: configuration, turnSecret: turnSecret)
        self.workers = workers
        self.certificate = certificate
        self.tokens = tokens
        self.logger = logger
        let refusals = RefusalCounters.make()
        self.refusals = refusals
        self.admission = AdmissionControl(limits: configuration.limits, refusals: refusals)
        self.cluster = cluster
        if let cluster, configuration.cluster.placement == .cascade {
            let tokens = await RelayTokens(secret: configuration.cluster.secret)
            cascade = CascadeParts(
                tokens: tokens,
                dtlsContext: try DTLSContext(configuration: DTLSConfiguration(certificate: certificate)),
                director: RelayDirector(
                    cluster: cluster, tokens: tokens, maxRelays: configuration.cluster.maxRelays, logger: logger),
                relayTLS: try CascadeParts.relayTLS(caFile: configuration.cluster.relayCAFile))
        } else {
            cascade = nil
        }
        self.preferences = CodecPreferences(
            audio: configuration.codecs.audio.map(Self.codecName),
            video: configuration.codecs.video.map(Self.codecName))
        var registries: [ObjectIdentifier: NIOLoopBound<RoomRegistry>] = [:]
        for worker in workers.workers {
            let limits = RoomLimits(
                maxParticipants: configuration.rooms.maxParticipants,
                maxTracksPerParticipant: configuration.limits.maxTracksPerParticipant,
                maxMediaSectionsPerOffer: configuration.limits.maxMediaSectionsPerOffer,
                retransmissionHistory: RetransmissionHistoryLimits(
                    maxAge: .milliseconds(Int64(configuration.rooms.retransmissionHistorySeconds * 1_000)),
                    maxPackets: configuration.rooms.retransmissionHistoryPackets),
                dataChannels: configuration.dataChannels.limits)
            registries[ObjectIdentifier(worker)] = try await worker.eventLoop.submit {
                NIOLoopBound(RoomRegistry(limits: limits), eventLoop: worker.eventLoop)
            }.get()
        }
        self.registries = registries
        let shards = RoomShards(
            loops: workers.workers.map(\.eventLoop), registries: workers.workers.map { registries[ObjectIdentifier($0)]! },
            preferences: preferences, pipeBufferBytes: configuration.rooms.shardPipeBufferBytes, logger: logger)
        self.shards = shards
        let local = LeastLoadedWorkerPlacement(
            workers: workers.workers.count, spreadAfter: configuration.rooms.spreadAfterParticipants,
            onShardEnded: { room, worker in shards.disconnect(room, worker: worker) })
        // Cascade serves every join here: no claim to hold or give back.
        self.placement =
            configuration.cluster.placement == .cascade
            ? local : cluster.map { ClusterRoomPlacement(local: local, cluster: $0) } ?? local
    }

    /// The rooms of `worker` (use on its loop).
    func registry(of worker: MediaWorker) -> NIOLoopBound<RoomRegistry> {
        registries[ObjectIdentifier(worker)]!
    }

    /// The server's fingerprint as SDP writes it.
    var sdpFingerprint: Fingerprint {
        Fingerprint(hashFunction: "sha-256", bytes: certificate.fingerprint.bytes)
    }

    /// Config names ("vp8") in the spelling of rtpmap ("VP8"); names of no
    /// codec family stay lower-case (negotiation compares lower-cased).
    private static func codecName(_ name: String) -> String {
        CodecFamily(name: name)?.rtpmapName ?? name.lowercased()
    }

    /// Claims `room`'s worker for a join (released by the participant's
    /// close, or by a failed join), with the candidate it announces.
    func claimWorker(forRoom room: String) -> PlacedWorker {
        let index = placement.claim(room)
        let worker = workers.workers[index]
        let udpPort = worker.localAddress.port ?? 0
        let port = configuration.announcedMediaPort(workerIndex: index, boundPort: udpPort)
        let tcpPort = worker.tcpLocalAddress?.port.map {
            UInt16(clamping: configuration.announcedICETCPPort(workerIndex: index, boundPort: $0, udpBoundPort: udpPort))
        }
        return PlacedWorker(
            index: index, worker: worker, announcedAddress: configuration.announcedAddress,
            announcedPort: UInt16(clamping: port), announcedTCPPort: tcpPort)
    }

    /// The worker `room` lives on, if anyone is in it (or joining it).
    func worker(ofRoom room: String) -> MediaWorker? {
        placement.placement(of: room).map { workers.workers[$0] }
    }
}
