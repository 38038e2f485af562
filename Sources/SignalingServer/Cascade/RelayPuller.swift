import Cluster
import HTTPTypes
import HummingbirdWSClient
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import Rooms
import SDP
import SignalingMessages

/// One pull relay: this node joins `room` on the far node's `/rtc` as a
/// relay (docs/protocol.md, "Cluster"), answers the subscribe offers it
/// gets there, and publishes what they carry into the local room through a
/// `RelayConnection`. Runs until `stop()` or until either side ends it.
final class RelayPuller: Sendable {
    let room: String
    let far: NodeRecord
    private let context: ServerContext
    private let tokens: RelayTokens
    private let logger: Logger
    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    /// The local end once joined (for stats and closing).
    let connection = NIOLockedValueBox<NIOLoopBound<RelayConnection>?>(nil)
    /// The worker holding the local end (its claim on the room's shard there).
    private let workerIndex = NIOLockedValueBox(0)
    private let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
    /// The far room's participants' names by id (from `joined` and
    /// `participant-joined`), for the participants that stand for them here.
    private let names = NIOLockedValueBox<[String: String]>([:])

    enum Event: Sendable {
        case message(String)
        case closed
        case stop
    }

    init(room: String, far: NodeRecord, context: ServerContext, tokens: RelayTokens, logger: Logger) {
        self.room = room
        self.far = far
        self.context = context
        self.tokens = tokens
        var logger = logger
        logger[metadataKey: "room"] = "\(room)"
        logger[metadataKey: "far"] = "\(far.id)"
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    func stop() {
        continuation.yield(.stop)
    }

    /// Talks to the far node until the relay ends; cleans up the local end.
    func run(selfID: String) async {
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 20
        do {
            let token = try await tokens.sign(relay: selfID, room: room)
            if let name = HTTPField.Name(RelayTokens.upgradeHeader) { configuration.additionalHeaders[name] = token }
            let join = ClientMessage.join(JoinRequest(room: room, name: selfID, token: token, relay: selfID))
            // An https:// advertised URL is reached over wss (cluster.relay_ca_file).
            try await WebSocketClient.connect(
                url: ClusterURLs.signaling(base: far.advertiseURL), configuration: configuration,
                tlsConfiguration: context.cascade?.relayTLS, logger: logger
            ) { inbound, outbound, _ in
                let continuation = self.continuation
                let reader = Task {
                    var iterator = inbound.makeAsyncIterator()
                    while let message = try? await iterator.nextMessage(maxSize: 1 << 20) {
                        if case .text(let text) = message { continuation.yield(.message(text)) }
                    }
                    continuation.yield(.closed)
                }
                defer { reader.cancel() }
                try await outbound.write(.text(join.jsonText()))
                try await self.converse { text in try await outbound.write(.text(text)) }
                try? await outbound.write(.text(ClientMessage.leave.jsonText()))
            }
        } catch {
            logger.warning("relay ended", metadata: ["error": "\(error)"])
        }
        await closeLocalEnd()
    }

    private func converse(send: @Sendable (String) async throws -> Void) async throws {
        for await event in events {
            switch event {
            case .stop, .closed:
                return
            case .message(let text):
                guard let message = try? ServerMessage(parsing: text) else { continue }
                switch message {
                case .joined(_, let participants, _):
                    try await mirror(participants.map { ParticipantInfo(id: $0.id, name: $0.name, relay: $0.relay) })
                case .participantJoined(let participant):
                    try await mirror([participant])
                case .participantLeft(let participant):
                    await forget(participant.id)
                case .offer(let sdp, let tracks):
                    if connection.withLockedValue({ $0 }) == nil { try await enterLocalRoom() }
                    let offer: SessionDescription
                    do {
                        offer = try SessionDescription(parsing: sdp)
                    } catch {
                        throw RelayError.badFarSDP("\(error)")
                    }
                    try await send(ClientMessage.answer(sdp: try await accept(offer, tracks: tracks)).jsonText())
                case .error(let report):
                    if report.request == ClientMessage.TypeName.join { throw RelayError.refused(report.message) }
                    logger.warning("far node reported an error", metadata: ["message": "\(report.message)"])
                default:
                    continue
                }
            }
        }
    }

    /// The far node's own participants join the local room as they become
    /// known. Those the far node has from third nodes (`relay` set) come
    /// here by this node's own relays to those nodes: mirroring them again
    /// would show them twice, and loop.
    private func mirror(_ participants: [ParticipantInfo]) async throws {
        let own = participants.filter { $0.relay == nil }
        names.withLockedValue { names in for participant in own { names[participant.id] = participant.name } }
        guard !own.isEmpty else { return }
        if connection.withLockedValue({ $0 }) == nil { try await enterLocalRoom() }
        guard let bound = connection.withLockedValue({ $0 }) else { return }
        try await bound.eventLoop.submit {
            for participant in own { try bound.value.arrived(farID: participant.id, name: participant.name) }
        }.get()
    }

    /// A far participant left the far room: it leaves here too.
    private func forget(_ farID: String) async {
        guard let bound = connection.withLockedValue({ $0 }) else { return }
        try? await bound.eventLoop.submit { bound.value.departed(farID: farID) }.get()
    }

    /// The relay's end in the local room, on the room's worker.
    private func enterLocalRoom() async throws {
        guard let cascade = context.cascade else { throw RelayError.refused("this node is not in cascade placement") }
        let placed = context.claimWorker(forRoom: room)
        // A room spread over workers: the relay's shard is joined to the others.
        let shards = context.placement.shards(of: room)
        if shards.count > 1 { await context.shards.connect(room, worker: placed.index, others: shards) }
        let socket: MediaWorker
        do {
            socket = try await MediaWorker.bind(
                host: Self.bindHost(toward: far), port: 0, on: placed.worker.eventLoop,
                dtlsContext: cascade.dtlsContext, configuration: placed.worker.configuration, logger: logger)
        } catch {
            context.placement.release(room, worker: placed.index)
            throw error
        }
        let context = self.context
        let (room, far, logger) = (self.room, self.far, self.logger)
        let bound = try await placed.worker.eventLoop.submit { () -> NIOLoopBound<RelayConnection> in
            let registry = context.registry(of: placed.worker).value
            let connection = RelayConnection(
                room: registry.room(named: room), registry: registry, farNode: far.id, socket: socket,
                fingerprint: context.sdpFingerprint, logger: logger)
            connection.onTransportFailure = { [weak self] in self?.stop() }
            return NIOLoopBound(connection, eventLoop: placed.worker.eventLoop)
        }.get()
        connection.withLockedValue { $0 = bound }
        workerIndex.withLockedValue { $0 = placed.index }
        logger.info("relay publishes the far room's tracks here")
    }

    private func accept(_ offer: SessionDescription, tracks: [TrackInfo]) async throws -> String {
        guard let bound = connection.withLockedValue({ $0 }) else { throw RelayError.refused("offer before joined") }
        let preferences = context.preferences
        let sessionID = self.sessionID
        let names = self.names.withLockedValue { $0 }
        return try await bound.eventLoop.submit {
            try bound.value.accept(
                offer: offer, tracks: tracks, names: names, preferences: preferences, sessionID: sessionID)
        }.get()
    }

    private func closeLocalEnd() async {
        guard let bound = connection.withLockedValue({ current in defer { current = nil }; return current }) else { return }
        let socket = try? await bound.eventLoop.submit {
            bound.value.close()
            return bound.value.socket
        }.get()
        context.placement.release(room, worker: workerIndex.withLockedValue { $0 })
        try? await socket?.close()
        logger.info("relay closed")
    }

    /// Loopback far nodes get loopback sockets: test traffic stays on 127.0.0.x.
    private static func bindHost(toward far: NodeRecord) -> String {
        let first = far.media.split(separator: ",").first.map(String.init) ?? ""
        if first.hasPrefix("127.") { return "127.0.0.1" }
        return first.hasPrefix("[") ? "::" : "0.0.0.0"
    }
}
