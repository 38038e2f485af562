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

    let context: ServerContext
    let state: NIOLockedValueBox<State>
    let outbox: SignalingOutbox
    let logger: Logger
    /// The client's address (per-IP limits).
    let remoteIP: String
    /// A socket admitted as another node's relay (past the per-address
    /// limit): it may only join as the relay its token names.
    let admittedRelay: RelayClaims?

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

    /// `outbox` is the socket's: everything the session and its room send goes there.
    init(
        context: ServerContext, remoteIP: String, outbox: SignalingOutbox, admittedRelay: RelayClaims? = nil,
        logger: Logger
    ) {
        self.context = context
        self.remoteIP = remoteIP
        self.admittedRelay = admittedRelay
        self.logger = logger
        self.state = NIOLockedValueBox(.new)
        self.outbox = outbox
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
            // The detail is for the log: internal text tells a client nothing
            // it can act on and may tell an attacker too much.
            logger.error("signaling message failed", metadata: ["error": "\(error)"])
            send(.error(SignalingError(code: .internalError, message: "internal error")))
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
        outbox.finish()
    }

    func send(_ message: ServerMessage) {
        outbox.send(message)
    }

    /// Sends `error` for a limit that ends the socket, and counts it.
    func refuse(_ error: SignalingError, limit: String) {
        context.admission.count(limit)
        send(.error(error))
        outbox.finish()
    }

    /// Whether the socket has joined a room (or ended).
    var hasJoined: Bool {
        switch state.withLockedValue({ $0 }) {
        case .new: false
        case .joined, .ended: true
        }
    }

    private func handle(_ message: ClientMessage) async throws -> Outcome {
        switch message {
        case .join(let request):
            return try await join(request)
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

    func joined(for request: String) throws -> Joined {
        switch state.withLockedValue({ $0 }) {
        case .joined(let joined): return joined
        case .new: throw SignalingError(code: .badRequest, message: "\(request) before join", request: request)
        case .ended: throw SignalingError(code: .badRequest, message: "the session has ended", request: request)
        }
    }

}
