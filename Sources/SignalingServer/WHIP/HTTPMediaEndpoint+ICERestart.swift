import Hummingbird
import ICELite
import NIOCore
import SDP

/// ICE restart by PATCH (RFC 9725 §4.4.1): the client's fragment carries
/// new credentials; the answer fragment carries the server's, with its
/// candidates (UDP, and ICE-TCP when on), and the session gets a new ETag.
extension HTTPMediaEndpoint {
    func restartICE(_ session: HTTPMediaSession, fragment: TrickleFragment, ifMatch: String?) async throws
        -> Response
    {
        // A restart must not race another one: the client says `*` (§4.4.1).
        guard ifMatch == "*" else { throw HTTPMediaRefusal.restartNeedsIfMatch }
        let credentials: ICECredentials
        do {
            credentials = try ICECredentials(ufrag: fragment.sessionUfrag ?? "", password: fragment.sessionPassword ?? "")
        } catch {
            throw HTTPMediaRefusal.badRequest("the restart fragment needs a valid a=ice-ufrag and a=ice-pwd")
        }
        let connection = session.connection
        let publish = session.kind == .whip
        let server = try await session.worker.eventLoop.submit {
            connection.value.restartICE(publish: publish, client: credentials)
        }.get()
        guard let server else { throw HTTPMediaRefusal.unknownSession }
        session.clientUfrag = credentials.ufrag
        var headers = HTTPMediaHeaders.crossOrigin
        headers[.eTag] = session.renewTag()
        headers[.contentType] = Self.trickleType
        let candidates = [server.candidate] + (server.tcpCandidate.map { [$0] } ?? [])
        let answer = (
            [
                "a=ice-lite", "a=ice-ufrag:\(server.iceUfrag)", "a=ice-pwd:\(server.icePassword)",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:\(session.firstMid)",
            ] + candidates.map { "a=candidate:\($0.attributeValue)" } + ["a=end-of-candidates"]
        ).joined(separator: "\r\n") + "\r\n"
        logger.info(
            "\(session.kind.rawValue) ICE restart",
            metadata: ["room": "\(session.room)", "participant": "\(session.participantID)"])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
}
