import Logging
import SignalingMessages

/// The one way a message reaches a signaling socket: the session's answers
/// and errors, the `joined` and `published` replies, every room event
/// (recording notices included) and the refusal of a socket the server
/// cannot take. Bounded; a socket that stopped reading is closed rather
/// than skipped over, since a missing message would desynchronise the
/// client's view of the room.
struct SignalingOutbox: Sendable {
    /// Messages queued for one socket before it counts as stuck.
    static let limit = 1_024

    let messages: AsyncStream<ServerMessage>
    private let continuation: AsyncStream<ServerMessage>.Continuation
    private let onStuck: @Sendable () -> Void
    private let logger: Logger

    /// `onStuck` closes the socket at once: a writer blocked on a socket
    /// that stopped reading would never reach the end of the queue.
    init(logger: Logger, onStuck: @escaping @Sendable () -> Void = {}) {
        (messages, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(Self.limit))
        self.onStuck = onStuck
        self.logger = logger
    }

    /// An outbox holding only `error`, then ended: the answer to a socket
    /// refused before it has a session.
    static func refusing(with error: SignalingError, logger: Logger) -> SignalingOutbox {
        let outbox = SignalingOutbox(logger: logger)
        outbox.send(.error(error))
        outbox.finish()
        return outbox
    }

    func send(_ message: ServerMessage) {
        // Only the first overflow gets here: the stream is finished after it.
        if case .dropped = continuation.yield(message) {
            logger.warning("signaling socket not reading; closing it")
            continuation.finish()
            onStuck()
        }
    }

    /// Ends the stream: the socket closes once what is queued went out.
    func finish() {
        continuation.finish()
    }
}
