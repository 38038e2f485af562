import Logging
import NIOConcurrencyHelpers
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

/// One signaling WebSocket: parses each message, checks it is allowed in
/// the session's state, and carries it to the participant's room on the
/// room's worker loop. Every failure becomes an `error` message; only
/// `unauthorized` and `too-large` close the socket. Messages the room
/// sends come through `outbox`.
final class SignalingSession: Sendable {
    /// What a handled message asks of the socket.
    enum Outcome: Sendable {
        case carryOn
        case close
    }

    private let context: ServerContext
    private let state: NIOLockedValueBox<State>
    let outbox: AsyncStream<ServerMessage>
    private let outboxContinuation: AsyncStream<ServerMessage>.Continuation
    private let logger: Logger

    /// Signaling messages queued for one socket before it counts as stuck.
    static let outboxLimit = 1_024

    enum State: Sendable {
        case new
        case joined(Joined)
        case ended
    }

    struct Joined: Sendable {
        let worker: MediaWorker
        let connection: NIOLoopBound<ParticipantConnection>
        let participantID: String
    }

    init(context: ServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
        self.state = NIOLockedValueBox(.new)
        // A client this far behind is gone: the stream refuses more, and
        // ParticipantConnection ends the session rather than skip messages.
        (outbox, outboxContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(Self.outboxLimit))
    }

    /// Handles one text frame.
    func handle(text: String) async -> Outcome {
        do {
            try FrameSizeLimit(maxBytes: context.configuration.http.maxFrameBytes).check(text: text)
            let message = try ClientMessage(parsing: text)
            return try await handle(message)
        } catch let error as SignalingError {
            send(.error(error))
            return error.closesConnection ? .close : .carryOn
        } catch {
            send(.error(SignalingError(code: .internalError, message: "\(error)")))
            return .carryOn
        }
    }

    /// A binary frame: not part of the protocol.
    func handleBinary() -> Outcome {
        send(.error(SignalingError(code: .badRequest, message: "binary frames are not used; send JSON text")))
        return .carryOn
    }

    /// The socket is gone (or `leave`): leave the room, free everything.
    func end() async {
        let previous = state.withLockedValue { state in
            defer { state = .ended }
            return state
        }
        if case .joined(let joined) = previous {
            try? await joined.worker.eventLoop.submit { joined.connection.value.close() }.get()
        }
        outboxContinuation.finish()
    }

    private func send(_ message: ServerMessage) {
        outboxContinuation.yield(message)
    }

    private func handle(_ message: ClientMessage) async throws -> Outcome {
        switch message {
        case .join(let request):
            try await join(request)
        case .publish(let sdp):
            try await publish(sdp: sdp)
        case .answer(let sdp):
            try await answer(sdp: sdp)
        case .candidate:
            // ICE-lite: the server learns the client's addresses from its
            // checks (peer-reflexive), so trickled candidates need no action.
            _ = try joined(for: message.type)
        case .leave:
            await end()
            return .close
        case .trackSettings(let settings):
            try await applyTrackSettings(settings)
        }
        return .carryOn
    }

    private func joined(for request: String) throws -> Joined {
        switch state.withLockedValue({ $0 }) {
        case .joined(let joined): return joined
        case .new: throw SignalingError(code: .badRequest, message: "\(request) before join", request: request)
        case .ended: throw SignalingError(code: .badRequest, message: "the session has ended", request: request)
        }
    }

    private func join(_ request: JoinRequest) async throws {
        guard case .new = state.withLockedValue({ $0 }) else {
            throw SignalingError(code: .badRequest, message: "already joined", request: "join")
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
        let worker = context.workers.worker(forRoom: request.room)
        let registry = context.registry(of: worker)
        let context = self.context
        let continuation = outboxContinuation
        let logger = self.logger
        let joined: Result<Joined, SignalingError> = try await worker.eventLoop.submit {
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
                        workerIndex: context.workers.workers.firstIndex { $0 === worker } ?? 0,
                        boundPort: worker.localAddress.port ?? 0)),
                outbox: continuation,
                logger: connectionLogger)
            participant.link = connection
            let others: [MemberSnapshot]
            do {
                others = try room.join(participant)
            } catch {
                registry.value.removeIfEmpty(room)
                return .failure(
                    SignalingError(
                        code: .roomFull, message: "the room has \(room.maxParticipants) participants", request: "join"))
            }
            // `joined` goes out before anything the join triggers (the first
            // subscribe offer), then the existing tracks are offered.
            continuation.yield(
                .joined(
                    participant: ParticipantInfo(participant.snapshot), participants: others.map(ParticipantSummary.init),
                    iceServers: []))
            room.startSubscriptions(of: participant)
            // A transport that fails (consent lost, DTLS refused) ends the session.
            connection.onTransportFailure = { _ in continuation.finish() }
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

    private func publish(sdp: String) async throws {
        let joined = try joined(for: "publish")
        let offer = try parseSDP(sdp, request: "publish")
        let client: ClientTransportParameters
        do {
            client = try ClientTransportParameters(from: offer)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: "publish")
        }
        let preferences = context.preferences
        let continuation = outboxContinuation
        let connection = joined.connection
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do {
                try connection.ensurePublishTransport(client: client)
            } catch {
                return SignalingError(code: .internalError, message: "transport: \(error)", request: "publish")
            }
            do throws(RoomError) {
                let (answer, tracks) = try connection.room.publish(
                    connection.participant, offer: offer, transport: connection.publishTransportParameters,
                    preferences: preferences)
                continuation.yield(.published(sdp: answer.serialized(), tracks: tracks.map(TrackInfo.init)))
                return nil
            } catch {
                return Self.signalingError(error, request: "publish")
            }
        }.get()
        if let failure { throw failure }
    }

    private func answer(sdp: String) async throws {
        let joined = try joined(for: "answer")
        let answer = try parseSDP(sdp, request: "answer")
        let client: ClientTransportParameters
        do {
            client = try ClientTransportParameters(from: answer)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: "answer")
        }
        let connection = joined.connection
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do throws(RoomError) {
                try connection.room.applyAnswer(connection.participant, answer: answer, now: .now())
            } catch {
                return Self.signalingError(error, request: "answer")
            }
            do {
                try connection.ensureSubscribeTransport(client: client)
            } catch {
                return SignalingError(code: .internalError, message: "transport: \(error)", request: "answer")
            }
            return nil
        }.get()
        if let failure { throw failure }
    }

    private func applyTrackSettings(_ settings: TrackSettings) async throws {
        let joined = try joined(for: ClientMessage.TypeName.trackSettings)
        let connection = joined.connection
        let failure: SignalingError? = try await joined.worker.eventLoop.submit { () -> SignalingError? in
            let connection = connection.value
            do throws(RoomError) {
                try connection.room.setTrackSettings(connection.participant, TrackPreference(settings), now: .now())
                return nil
            } catch {
                return Self.signalingError(error, request: ClientMessage.TypeName.trackSettings)
            }
        }.get()
        if let failure { throw failure }
    }

    private func parseSDP(_ text: String, request: String) throws -> SessionDescription {
        do {
            return try SessionDescription(parsing: text)
        } catch {
            throw SignalingError(code: .badSDP, message: "\(error)", request: request)
        }
    }

    private static func signalingError(_ error: RoomError, request: String) -> SignalingError {
        switch error {
        case .full(let limit): SignalingError(code: .roomFull, message: "the room has \(limit) participants", request: request)
        case .notInRoom: SignalingError(code: .badRequest, message: "not in a room", request: request)
        case .noOfferInFlight: SignalingError(code: .badRequest, message: "no offer is waiting for an answer", request: request)
        case .negotiation(let reason): SignalingError(code: .badSDP, message: reason, request: request)
        case .unknownTrack(let track): SignalingError(code: .badRequest, message: "not a track you receive: \(track)", request: request)
        }
    }
}
