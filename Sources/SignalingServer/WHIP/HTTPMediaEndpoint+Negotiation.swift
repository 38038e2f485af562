import Hummingbird
import NIOCore
import Rooms
import SDP

/// The offer/answer of a new WHIP or WHEP session, on the room's loop.
extension HTTPMediaEndpoint {
    func negotiate(
        _ kind: HTTPMediaSession.Kind, session: HTTPMediaSession, offer: SessionDescription,
        client: ClientTransportParameters, request: Request
    ) async throws -> String {
        switch kind {
        case .whip: try await publish(session: session, offer: offer, client: client)
        case .whep: try await watch(session: session, offer: offer, client: client, request: request)
        }
    }

    /// WHIP: the offer's tracks are published into the room, as a
    /// contract participant's `publish` would be.
    private func publish(session: HTTPMediaSession, offer: SessionDescription, client: ClientTransportParameters)
        async throws -> String
    {
        let connection = session.connection
        let preferences = context.preferences
        let admission = context.admission
        let logger = self.logger
        let result: Result<String, HTTPMediaRefusal> = try await session.worker.eventLoop.submit {
            let connection = connection.value
            do {
                try connection.ensurePublishTransport(client: client)
            } catch {
                logger.error("publish transport failed", metadata: ["error": "\(error)"])
                return .failure(.internalError)
            }
            do throws(RoomError) {
                let (answer, _) = try connection.room.publish(
                    connection.participant, offer: offer, transport: connection.publishTransportParameters,
                    preferences: preferences)
                return .success(answer.serialized())
            } catch {
                if let limit = error.limitName { admission.count(limit) }
                return .failure(Self.refusal(error))
            }
        }.get()
        return try result.get()
    }

    /// WHEP: the viewer's m-lines get the room's tracks (or one
    /// participant's, `?participant=`); nothing to watch is a 404.
    private func watch(
        session: HTTPMediaSession, offer: SessionDescription, client: ClientTransportParameters, request: Request
    ) async throws -> String {
        let publisher = request.uri.queryParameters.get("participant").map { String($0) }
        let connection = session.connection
        let admission = context.admission
        let logger = self.logger
        let result: Result<String, HTTPMediaRefusal> = try await session.worker.eventLoop.submit {
            let connection = connection.value
            let room = connection.room
            if let publisher, !room.participants.contains(where: { $0.id == publisher }) {
                return .failure(.nothingToWatch("no participant \(publisher) in the room"))
            }
            do {
                try connection.ensureSubscribeTransport(client: client)
            } catch {
                logger.error("subscribe transport failed", metadata: ["error": "\(error)"])
                return .failure(.internalError)
            }
            do throws(RoomError) {
                let (answer, tracks) = try room.watch(connection.participant, offer: offer, publisher: publisher, now: .now())
                guard !tracks.isEmpty else { return .failure(.nothingToWatch("no track to watch in the room yet")) }
                return .success(answer.serialized())
            } catch {
                if let limit = error.limitName { admission.count(limit) }
                return .failure(Self.refusal(error))
            }
        }.get()
        return try result.get()
    }

    static func refusal(_ error: RoomError) -> HTTPMediaRefusal {
        switch error {
        case .full(let limit): .roomFull(limit)
        case .negotiation(let reason): .badSDP(reason)
        case .tooManyMediaSections(let limit): .limitReached("an offer may hold \(limit) m-lines")
        case .tooManyTracks(let limit): .limitReached("a participant may publish \(limit) tracks")
        case .notInRoom, .noOfferInFlight, .unknownTrack, .duplicateParticipant: .internalError
        }
    }
}
