import Hummingbird
import Logging
import NIOCore
import Rooms
import SDP

/// WHIP (RFC 9725) and WHEP on the server's HTTP port: `POST
/// /whip/{room}` publishes an SDP offer into a room, `POST /whep/{room}`
/// watches one; each creates a session resource (`HTTPMediaSession`) that
/// `PATCH` (trickle, ICE restart) and `DELETE` address. The participant
/// enters the room through the same `RoomEntrance` as the WebSocket
/// contract's, so the others see it join and publish, and it is recorded.
final class HTTPMediaEndpoint: Sendable {
    static let sdpType = "application/sdp"
    static let trickleType = "application/trickle-ice-sdpfrag"

    let context: ServerContext
    let sessions = HTTPMediaSessions()
    let logger: Logger

    init(context: ServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    /// The largest offer or fragment read: the signaling socket's frame limit.
    var maxBodyBytes: Int { context.configuration.http.maxFrameBytes }

    /// `POST /whip/{room}` or `POST /whep/{room}`.
    func create(_ kind: HTTPMediaSession.Kind, request: Request, context requestContext: SwitchboardRequestContext) async
        -> Response
    {
        do {
            let room = try Self.roomName(requestContext)
            do throws(AdmissionControl.Refusal) {
                try context.admission.admitJoin(from: requestContext.remoteIP, now: .now())
            } catch {
                throw HTTPMediaRefusal.rateLimited(error.message)
            }
            try Self.requireContentType(request, Self.sdpType)
            let name = try await participantName(request, room: room, kind: kind)
            let offer = try Self.parseSDP(try await body(of: request))
            let client: ClientTransportParameters
            do {
                client = try ClientTransportParameters(from: offer)
            } catch {
                throw HTTPMediaRefusal.badSDP("\(error)")
            }
            let session = try await enter(
                kind, room: room, name: name, clientUfrag: client.credentials.ufrag,
                firstMid: offer.media.first?.mid ?? "0")
            let answer: String
            do {
                answer = try await negotiate(kind, session: session, offer: offer, client: client, request: request)
            } catch {
                await session.close()
                throw error
            }
            logger.info(
                "\(kind.rawValue) session created",
                metadata: ["room": "\(room)", "participant": "\(session.participantID)", "session": "\(session.id)"])
            var headers = HTTPMediaHeaders.resource(
                session, iceServers: context.iceServers.servers(for: session.participantID))
            headers[.contentType] = Self.sdpType
            return Response(status: .created, headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer)))
        } catch let answer as HTTPMediaClusterAnswer {
            return clusterResponse(answer, kind: kind, request: request)
        } catch {
            return refusalResponse(error, kind: kind)
        }
    }

    /// Places the participant in the room and starts tracking its session,
    /// which ends with the participant's connection (its outbox finishes).
    private func enter(
        _ kind: HTTPMediaSession.Kind, room: String, name: String, clientUfrag: String, firstMid: String
    ) async throws
        -> HTTPMediaSession
    {
        let outbox = SignalingOutbox(logger: logger)
        let result = try await RoomEntrance(context: context).enter(
            room: room, name: name, receivesMedia: kind == .whep, outbox: outbox, logger: logger)
        switch result {
        case .failure(.limitReached(let message)): throw HTTPMediaRefusal.limitReached(message)
        case .failure(.roomFull(let limit)): throw HTTPMediaRefusal.roomFull(limit)
        case .failure(.elsewhere(let baseURL)): throw HTTPMediaClusterAnswer.elsewhere(baseURL: baseURL)
        case .failure(.clusterUnavailable(let reason)): throw HTTPMediaClusterAnswer.unavailable(reason)
        case .success(let entered):
            let session = HTTPMediaSession(
                id: HTTPMediaSession.randomHex(bytes: 16), kind: kind, room: room, clientUfrag: clientUfrag,
                firstMid: firstMid, entered: entered)
            sessions.insert(session)
            let sessions = self.sessions
            // Room events have no reader here (WHIP publishers and WHEP
            // viewers speak no contract); the stream ends with the session.
            Task {
                for await _ in outbox.messages {}
                sessions.remove(session.id)
            }
            return session
        }
    }

    /// Ends every session (shutdown): their participants leave, so
    /// recordings close their files.
    func closeAll() async {
        for session in sessions.all { await session.close() }
    }
}
