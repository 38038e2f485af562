import Cluster
import Logging
import MediaTransport
import NIOCore
import Rooms

/// How a participant enters a room, whatever door it came through (the
/// WebSocket contract, WHIP, WHEP): the room's worker (`claimWorker`), the
/// server-wide limits, the room's own limit, and the participant's media
/// connection. The room-side part runs on the room's worker loop.
struct RoomEntrance: Sendable {
    let context: ServerContext

    /// A participant in its room: its worker, and the connection that
    /// links it to the room (use on the worker's loop).
    struct Entered: Sendable {
        let worker: MediaWorker
        let connection: NIOLoopBound<ParticipantConnection>
        let participantID: String
    }

    enum Refusal: Error {
        /// A server-wide limit (its `limits:` key counted already).
        case limitReached(String)
        /// The room holds `maxParticipants` already (counted).
        case roomFull(maxParticipants: Int)
        /// In a cluster: the room lives on the node at this base URL.
        case elsewhere(baseURL: String)
        /// In a cluster: the room's home could not be settled (database
        /// down or slow, no node free); nothing was held.
        case clusterUnavailable(String)
    }

    /// Places `name` in `room`. `receivesMedia` false makes a publish-only
    /// participant (WHIP): it gets no subscriptions. `welcome` runs on the
    /// worker loop once the participant joined, before anything the join
    /// triggers (the WebSocket session sends `joined` there), with the
    /// others present and their tracks. A failed transport finishes `outbox`.
    /// `usesDataChannels`: its SDP may carry data channels (WebSocket sessions).
    func enter(
        room roomName: String, name: String, receivesMedia: Bool = true, usesDataChannels: Bool = false,
        relay: RelayRole = .none,
        outbox: SignalingOutbox, logger: Logger,
        welcome: @escaping @Sendable (Participant, [MemberSnapshot]) -> Void = { _, _ in }
    ) async throws -> Result<Entered, Refusal> {
        // Cascade: served here; the node's membership row tells the others.
        let member = context.cascade != nil && relay == .none ? context.cluster : nil
        if let member { await member.memberJoined(roomName) }
        // The cluster hold comes first; the worker claim's release ends it.
        if let cluster = context.cluster, context.cascade == nil {
            switch await cluster.acquire(roomName) {
            case .here: break
            case .elsewhere(_, let url): return .failure(.elsewhere(baseURL: url))
            case .unavailable(let reason): return .failure(.clusterUnavailable(reason))
            }
        }
        let placed = context.claimWorker(forRoom: roomName)
        // A room spread over workers: the new shard gets the others' tracks
        // (and they its) before its first client joins.
        let shards = context.placement.shards(of: roomName)
        if shards.count > 1 { await context.shards.connect(roomName, worker: placed.index, others: shards) }
        let context = self.context
        return try await placed.worker.eventLoop.submit { () -> Result<Entered, Refusal> in
            let registry = context.registry(of: placed.worker)
            let creating = shards.count <= 1 && registry.value.rooms[roomName] == nil
            do throws(AdmissionControl.Refusal) {
                try context.admission.admitParticipant(creatingRoom: creating)
            } catch {
                context.placement.release(roomName, worker: placed.index)
                member?.memberLeft(roomName)
                return .failure(.limitReached(error.message))
            }
            let room = registry.value.room(named: roomName)
            let participant = Participant(name: name, link: nil)
            participant.receivesMedia = receivesMedia
            participant.usesDataChannels = usesDataChannels
            participant.relay = relay
            var connectionLogger = logger
            connectionLogger[metadataKey: "room"] = "\(roomName)"
            connectionLogger[metadataKey: "participant"] = "\(participant.id)"
            let connection = ParticipantConnection(
                participant: participant, room: room, placed: placed, serverFingerprint: context.sdpFingerprint,
                outbox: outbox, admission: context.admission, placement: context.placement, logger: connectionLogger)
            participant.link = connection
            if let member { connection.onClose = { member.memberLeft(roomName) } }
            let others: [MemberSnapshot]
            do {
                others = try room.join(participant)
            } catch {
                registry.value.removeIfEmpty(room)
                context.admission.release(participantLeaving: creating)
                context.placement.release(roomName, worker: placed.index)
                member?.memberLeft(roomName)
                context.admission.count("max_participants_per_room")
                return .failure(.roomFull(maxParticipants: room.maxParticipants))
            }
            welcome(participant, others)
            room.startSubscriptions(of: participant)
            if member != nil, let director = context.cascade?.director { Task { await director.refresh() } }
            // A transport that fails (consent lost, DTLS refused) ends the session.
            connection.onTransportFailure = { _ in outbox.finish() }
            return .success(
                Entered(
                    worker: placed.worker, connection: NIOLoopBound(connection, eventLoop: placed.worker.eventLoop),
                    participantID: participant.id))
        }.get()
    }
}
