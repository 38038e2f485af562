import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

extension SignalingSession {
    func join(_ request: JoinRequest) async throws {
        guard case .new = state.withLockedValue({ $0 }) else {
            throw SignalingError(code: .badRequest, message: "already joined", request: "join")
        }
        do throws(AdmissionControl.Refusal) {
            try context.admission.admitJoin(from: remoteIP, now: .now())
        } catch {
            throw SignalingError(code: .rateLimited, message: error.message, request: "join")
        }
        try await checkToken(of: request)
        let placed = context.claimWorker(forRoom: request.room)
        let context = self.context
        let outbox = self.outbox
        let logger = self.logger
        let entered = try await placed.worker.eventLoop.submit {
            SignalingSession.enterRoom(request, on: placed, context: context, outbox: outbox, logger: logger)
        }.get()
        let joined = try entered.get()
        let accepted = state.withLockedValue { state -> Bool in
            guard case .new = state else { return false }
            state = .joined(joined)
            return true
        }
        guard accepted else {
            try? await joined.worker.eventLoop.submit { joined.connection.value.close() }.get()
            throw SignalingError(code: .badRequest, message: "already joined", request: "join")
        }
        logger.info("joined", metadata: ["room": "\(request.room)", "participant": "\(joined.participantID)"])
    }

    /// With join tokens required: the request's token must be valid and
    /// name this room and this name.
    private func checkToken(of request: JoinRequest) async throws {
        guard let tokens = context.tokens else { return }
        guard let token = request.token else {
            throw SignalingError(code: .unauthorized, message: "this server needs a token", request: "join")
        }
        let claims: JoinClaims
        do {
            claims = try await tokens.verify(token)
        } catch {
            throw SignalingError(code: .unauthorized, message: "invalid or expired token", request: "join")
        }
        guard claims.room == request.room, claims.name == request.name else {
            throw SignalingError(code: .unauthorized, message: "the token is for another room or name", request: "join")
        }
    }

    /// On the worker's loop: admits the participant, joins the room and
    /// sends `joined`. A refusal gives back the claim on the worker.
    private static func enterRoom(
        _ request: JoinRequest, on placed: PlacedWorker, context: ServerContext, outbox: SignalingOutbox,
        logger: Logger
    ) -> Result<Joined, SignalingError> {
        let registry = context.registry(of: placed.worker)
        let creating = registry.value.rooms[request.room] == nil
        do throws(AdmissionControl.Refusal) {
            try context.admission.admitParticipant(creatingRoom: creating)
        } catch {
            context.placement.release(request.room)
            return .failure(SignalingError(code: .limitReached, message: error.message, request: "join"))
        }
        let room = registry.value.room(named: request.room)
        let participant = Participant(name: request.name, link: nil)
        var connectionLogger = logger
        connectionLogger[metadataKey: "room"] = "\(request.room)"
        connectionLogger[metadataKey: "participant"] = "\(participant.id)"
        let connection = ParticipantConnection(
            participant: participant, room: room, placed: placed, serverFingerprint: context.sdpFingerprint,
            outbox: outbox, admission: context.admission, placement: context.placement, logger: connectionLogger)
        participant.link = connection
        let others: [MemberSnapshot]
        do {
            others = try room.join(participant)
        } catch {
            registry.value.removeIfEmpty(room)
            context.admission.release(participantLeaving: creating)
            context.placement.release(request.room)
            context.admission.count("max_participants_per_room")
            return .failure(
                SignalingError(
                    code: .roomFull, message: "the room has \(room.maxParticipants) participants", request: "join"))
        }
        // `joined` goes out before anything the join triggers (the first
        // subscribe offer), then the existing tracks are offered.
        outbox.send(
            .joined(
                participant: ParticipantInfo(participant.snapshot), participants: others.map(ParticipantSummary.init),
                iceServers: []))
        room.startSubscriptions(of: participant)
        // A transport that fails (consent lost, DTLS refused) ends the session.
        connection.onTransportFailure = { _ in outbox.finish() }
        return .success(
            Joined(
                worker: placed.worker, connection: NIOLoopBound(connection, eventLoop: placed.worker.eventLoop),
                participantID: participant.id))
    }
}
