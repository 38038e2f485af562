import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

extension SignalingSession {
    /// Joins, or (in a cluster) redirects the client to the room's home
    /// node and asks for the socket to close.
    func join(_ request: JoinRequest) async throws -> Outcome {
        guard case .new = state.withLockedValue({ $0 }) else {
            throw SignalingError(code: .badRequest, message: "already joined", request: "join")
        }
        // A relay from another node proves itself with a relay token (an
        // HMAC first, the database only for a valid one); an admitted one
        // is not held to the per-address join rate (a node restarting
        // reopens many at once), a refused one is.
        if let claims = admittedRelay, request.relay != claims.relay || request.room != claims.room {
            throw SignalingError(
                code: .unauthorized, message: "a relay connection joins only as the relay its token names", request: "join")
        }
        let relay: RelayRole
        do {
            relay = try await admitRelay(request)
        } catch {
            try admitJoinRate()
            throw error
        }
        if relay == .none {
            try admitJoinRate()
            try await checkToken(of: request)
        }
        let outbox = self.outbox
        let iceServers = context.iceServers
        // `joined` goes out before anything the join triggers (the first
        // subscribe offer); the existing tracks are offered after it.
        let entered = try await RoomEntrance(context: context).enter(
            // A relay takes this node's data channels too (if it accepts the m=application).
            room: request.room, name: request.name, usesDataChannels: true, relay: relay, outbox: outbox,
            logger: logger
        ) { participant, others in
            outbox.send(
                .joined(
                    participant: ParticipantInfo(participant.snapshot),
                    participants: others.map { ParticipantSummary($0, toRelay: relay != .none) },
                    iceServers: iceServers.servers(for: participant.id)))
        }
        let joined: Joined
        switch entered {
        case .success(let entered):
            joined = Joined(worker: entered.worker, connection: entered.connection, participantID: entered.participantID)
        case .failure(.limitReached(let message)):
            throw SignalingError(code: .limitReached, message: message, request: "join")
        case .failure(.roomFull(let limit)):
            throw SignalingError(code: .roomFull, message: "the room has \(limit) participants", request: "join")
        case .failure(.elsewhere(let baseURL)):
            return redirect(to: baseURL, room: request.room)
        case .failure(.clusterUnavailable(let reason)):
            throw SignalingError(code: .clusterUnavailable, message: reason, request: "join")
        }
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
        return .carryOn
    }

    private func admitJoinRate() throws {
        do throws(AdmissionControl.Refusal) {
            try context.admission.admitJoin(from: remoteIP, now: .now())
        } catch {
            throw SignalingError(code: .rateLimited, message: error.message, request: "join")
        }
    }

    /// `redirect` to the home node's signaling URL, then the socket closes.
    private func redirect(to baseURL: String, room: String) -> Outcome {
        let url = ClusterURLs.signaling(base: baseURL)
        logger.info("redirected", metadata: ["room": "\(room)", "to": "\(url)"])
        state.withLockedValue { $0 = .ended }
        outbox.send(.redirect(url: url))
        outbox.finish()
        return .close
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
}
