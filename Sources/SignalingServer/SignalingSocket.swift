import HummingbirdWebSocket
import Logging
import SignalingMessages

/// Pumps one WebSocket: frames in to the session, the session's messages
/// out, until either side ends; then the session ends (leaving its room).
enum SignalingSocket {
    static func serve(
        session: SignalingSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        maxMessageBytes: Int
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Writer: everything the session and the room send.
            group.addTask {
                for await message in session.outbox {
                    try await outbound.write(.text(message.jsonText()))
                }
                // The outbox ended (leave, a closing error, a failed
                // transport): close the socket.
                try? await outbound.close(.normalClosure, reason: nil)
            }
            // Reader.
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: maxMessageBytes) {
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
}
