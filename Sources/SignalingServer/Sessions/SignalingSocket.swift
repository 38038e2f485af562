import HummingbirdWebSocket
import ICELite
import Logging
import NIOCore
import SignalingMessages

/// Pumps one WebSocket: frames in to the session, the session's messages
/// out, until either side ends; then the session ends (leaving its room).
/// The socket's own limits live here: messages per second, and a deadline
/// to join.
enum SignalingSocket {
    static func serve(
        session: SignalingSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        maxMessageBytes: Int, limits: ServerConfiguration.Limits
    ) async throws {
        // A socket that never joins holds a connection slot for nothing.
        let joinDeadline = Task {
            try await Task.sleep(for: .milliseconds(Int64(limits.joinTimeoutSeconds * 1_000)))
            guard !session.hasJoined else { return }
            session.refuse(
                SignalingError(code: .limitReached, message: "no join within \(limits.joinTimeoutSeconds) s"),
                limit: "join_timeout")
        }
        defer { joinDeadline.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Writer: everything the session and the room send.
            group.addTask {
                try await write(session.outbox, to: outbound, refusing: false)
            }
            // Reader.
            group.addTask {
                // One key: the socket's own bucket, with the limiter STUN uses per source.
                var rate = SourceRateLimiter<Bool>(
                    ratePerSecond: limits.messagesPerSecond, burst: limits.messageBurst, capacity: 1)
                do {
                    for try await message in inbound.messages(maxSize: maxMessageBytes) {
                        guard rate.allow(true, now: Int64(clamping: NIODeadline.now().uptimeNanoseconds)) else {
                            session.refuse(
                                SignalingError(
                                    code: .rateLimited, message: "more than \(limits.messagesPerSecond) messages a second"),
                                limit: "messages_per_second")
                            break
                        }
                        let outcome: SignalingSession.Outcome
                        switch message {
                        case .text(let text): outcome = await session.handle(text: text)
                        case .binary: outcome = session.handleBinary()
                        }
                        if case .close = outcome { break }
                    }
                } catch {
                    // A frame over the WebSocket limit or a broken socket.
                }
                await session.end()
            }
            try await group.next()
            try await group.next()
        }
    }

    /// Answers a socket the server cannot take (`max_connections`,
    /// `max_connections_per_ip`, a foreign origin) with the reason, then closes it.
    static func refuse(outbound: WebSocketOutboundWriter, error: SignalingError, logger: Logger) async {
        try? await write(SignalingOutbox.refusing(with: error, logger: logger), to: outbound, refusing: true)
    }

    /// Writes what `outbox` holds, in order, until it ends (leave, a
    /// closing error, a failed transport, a refusal); then closes the
    /// socket, as a policy violation when it was `refusing` the socket.
    private static func write(
        _ outbox: SignalingOutbox, to outbound: WebSocketOutboundWriter, refusing: Bool
    ) async throws {
        for await message in outbox.messages {
            try await outbound.write(.text(message.jsonText()))
        }
        try? await outbound.close(refusing ? .policyViolation : .normalClosure, reason: nil)
    }
}
