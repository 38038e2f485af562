import DTLS
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Rooms
import SignalingMessages
import Testing

@testable import SignalingServer

/// Every way a server message reaches a signaling socket goes through the
/// socket's `SignalingOutbox`: the session's replies and errors, `joined`,
/// room events through the participant link, recording notices, and the
/// refusals. So they arrive in the order sent, and whichever of them finds
/// the queue full closes the socket.
@Suite struct SignalingOutboxPathTests {
    /// A message path into a joined session's outbox.
    enum Path: CaseIterable, Sendable {
        case reply, joined, roomEvent, recordingNotice
    }

    @Test func everyPathDeliversInOrder() async throws {
        let server = try await TestServer.start()
        let alice = server.session()
        _ = alice.session.handleBinary()  // a reply: an error
        _ = await alice.session.handle(text: server.joinText(name: "alice"))
        let bob = server.session()
        _ = await bob.session.handle(text: server.joinText(name: "bob"))  // alice hears a room event
        try await server.onRoom { room in
            let notice = RecordingNotice(state: .started, room: room.name, id: "rec-1")
            for participant in room.participants where participant.name == "alice" {
                room.deliver(.recording(notice), to: participant.id)
            }
        }
        alice.session.refuse(SignalingError(code: .rateLimited, message: "slow down"), limit: "messages_per_second")

        let types = await collect(alice.session.outbox).map(\.type)
        #expect(
            types == [
                ServerMessage.TypeName.error, ServerMessage.TypeName.joined, ServerMessage.TypeName.participantJoined,
                ServerMessage.TypeName.recording, ServerMessage.TypeName.error,
            ])
        #expect(alice.stuck.withLockedValue { $0 } == 0)
        await alice.session.end()
        await bob.session.end()
        try await server.shutdown()
    }

    @Test func aSocketRefusedBeforeItsSessionGetsTheReasonThenCloses() async {
        let error = SignalingError(code: .limitReached, message: "too many sockets")
        let messages = await collect(.refusing(with: error, logger: Logger(label: "test")))
        #expect(messages == [.error(ErrorReport(error))])
    }

    @Test(arguments: Path.allCases) func aStuckSocketIsClosedWhicheverPathOverflowsIt(_ path: Path) async throws {
        let server = try await TestServer.start()
        let alice = server.session()
        let limit = SignalingOutbox.limit
        if path == .joined {
            for _ in 0..<limit { _ = alice.session.handleBinary() }
            _ = await alice.session.handle(text: server.joinText(name: "alice"))
        } else {
            _ = await alice.session.handle(text: server.joinText(name: "alice"))
            try await send(limit, via: path, to: alice, in: server)
        }
        #expect(alice.stuck.withLockedValue { $0 } == 1, "the socket is closed at once")
        let messages = await collect(alice.session.outbox)
        #expect(messages.count == limit, "what was queued before the overflow stays in order")
        await alice.session.end()
        try await server.shutdown()
    }

    private func send(_ count: Int, via path: Path, to client: TestServer.Client, in server: TestServer) async throws {
        switch path {
        case .reply, .joined:
            for _ in 0..<count { _ = client.session.handleBinary() }
        case .roomEvent:
            try await server.onRoom { room in
                for _ in 0..<count { room.broadcast(.activeSpeaker(participants: [])) }
            }
        case .recordingNotice:
            try await server.onRoom { room in
                let notice = RecordingNotice(state: .stopped, room: room.name, id: "rec-1")
                for _ in 0..<count { room.broadcast(.recording(notice)) }
            }
        }
    }

    /// Everything an ended outbox held.
    private func collect(_ outbox: SignalingOutbox) async -> [ServerMessage] {
        var messages: [ServerMessage] = []
        for await message in outbox.messages { messages.append(message) }
        return messages
    }
}
