import Hummingbird
import NIOCore
import SDP

/// The session resource: `PATCH` (RFC 9725 §4.3.1: trickle and ICE
/// restart) and `DELETE` (§4.3: the end of the session).
extension HTTPMediaEndpoint {
    /// `PATCH /{whip|whep}/{room}/{session}` with a trickle-ice-sdpfrag.
    /// Candidates are taken and not needed: the server is ICE-lite and
    /// learns the client's address from its checks.
    func patch(_ kind: HTTPMediaSession.Kind, request: Request, context requestContext: SwitchboardRequestContext) async
        -> Response
    {
        do {
            let session = try lookUp(kind, requestContext)
            try Self.requireContentType(request, Self.trickleType)
            let ifMatch = request.headers[.ifMatch]
            if let ifMatch, ifMatch != "*", !session.matches(ifMatch) { throw HTTPMediaRefusal.staleTag }
            let text = try await body(of: request)
            let fragment: TrickleFragment
            do { fragment = try TrickleFragment(parsing: text) } catch {
                throw HTTPMediaRefusal.badRequest("the fragment does not parse: \(error)")
            }
            // Trickle fragments name the ICE session by its ufrag (RFC 8840
            // §4.4); another ufrag is the client restarting ICE.
            if let ufrag = fragment.sessionUfrag, ufrag != session.clientUfrag {
                return try await restartICE(session, fragment: fragment, ifMatch: ifMatch)
            }
            var headers = HTTPMediaHeaders.crossOrigin
            headers[.eTag] = session.etag
            return Response(status: .noContent, headers: headers)
        } catch {
            return refusalResponse(error, kind: kind)
        }
    }

    /// `DELETE /{whip|whep}/{room}/{session}`: the participant leaves.
    func delete(_ kind: HTTPMediaSession.Kind, context requestContext: SwitchboardRequestContext) async -> Response {
        do {
            let session = try lookUp(kind, requestContext)
            sessions.remove(session.id)
            await session.close()
            logger.info(
                "\(kind.rawValue) session deleted",
                metadata: ["room": "\(session.room)", "participant": "\(session.participantID)"])
            return Response(status: .ok, headers: HTTPMediaHeaders.crossOrigin)
        } catch {
            return refusalResponse(error, kind: kind)
        }
    }

    private func lookUp(_ kind: HTTPMediaSession.Kind, _ context: SwitchboardRequestContext) throws -> HTTPMediaSession {
        guard let room = context.parameters.get("room"), let id = context.parameters.get("session"),
            let session = sessions.session(id, kind: kind, room: room)
        else { throw HTTPMediaRefusal.unknownSession }
        return session
    }
}
