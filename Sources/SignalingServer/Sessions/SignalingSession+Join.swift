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
        if let tokens = context.tokens {
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
        let workerIndex = context.placement.claim(request.room)
        let worker = context.workers.workers[workerIndex]
        let registry = context.registry(of: worker)
        let context = self.context
        let outbox = self.outbox
        let logger = self.logger
        let joined: Result<Joined, SignalingError> = try await worker.eventLoop.submit {
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
                participant: participant, room: room, worker: worker, serverFingerprint: context.sdpFingerprint,
                announcedAddress: context.configuration.announcedAddress,
                announcedPort: UInt16(
                    clamping: context.configuration.announcedMediaPort(
                        workerIndex: workerIndex,
                        boundPort: worker.localAddress.port ?? 0)),
                outbox: outbox, admission: context.admission, placement: context.placement,
                logger: connectionLogger)
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
                    worker: worker, connection: NIOLoopBound(connection, eventLoop: worker.eventLoop),
                    participantID: participant.id))
        }.get()
        switch joined {
        case .success(let joined):
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
        case .failure(let error):
            throw error
        }
    }
}
