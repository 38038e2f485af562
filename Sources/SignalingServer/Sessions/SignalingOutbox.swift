import Logging
import SignalingMessages

/// The one way a message reaches a signaling socket: the session's answers
/// and errors, the `joined` and `published` replies, and every room event.
/// Bounded; a socket that stopped reading is closed rather than skipped
/// over, since a missing message would desynchronise the client's view of
/// the room.
struct SignalingOutbox: Sendable {
    /// Messages queued for one socket before it counts as stuck.
    static let limit = 1_024

    let messages: AsyncStream<ServerMessage>
    private let continuation: AsyncStream<ServerMessage>.Continuation
    private let logger: Logger

    init(logger: Logger) {
        (messages, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(Self.limit))
        self.logger = logger
    }

    func send(_ message: ServerMessage) {
        if case .dropped = continuation.yield(message) {
            logger.warning("signaling socket not reading; closing it")
            continuation.finish()
        }
    }

    /// Ends the stream: the socket closes once what is queued went out.
    func finish() {
        continuation.finish()
    }
}
