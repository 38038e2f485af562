import Hummingbird
import NIOCore
import SDP
import SignalingMessages

/// Reading a WHIP or WHEP request: each check throws the refusal that
/// names what was wrong.
extension HTTPMediaEndpoint {
    static func roomName(_ context: SwitchboardRequestContext) throws -> String {
        let room = context.parameters.get("room") ?? ""
        guard JoinRequest.isValidRoom(room) else {
            throw HTTPMediaRefusal.badRequest("room names are 1-64 of A-Z a-z 0-9 _ -")
        }
        return room
    }

    /// The media type without parameters must be `expected`.
    static func requireContentType(_ request: Request, _ expected: String) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == expected else { throw HTTPMediaRefusal.unsupportedMediaType(expected) }
    }

    /// The body, refused past `maxBodyBytes`.
    func body(of request: Request) async throws -> String {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw HTTPMediaRefusal.tooLarge(maxBodyBytes)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw HTTPMediaRefusal.tooLarge(maxBodyBytes)
        }
        return String(buffer: buffer)
    }

    static func parseSDP(_ text: String) throws -> SessionDescription {
        do {
            return try SessionDescription(parsing: text)
        } catch {
            throw HTTPMediaRefusal.badSDP("\(error)")
        }
    }

    /// The participant's name: the join token's when the server needs
    /// tokens (its room must be this one), else `?name=`, else the door's.
    func participantName(_ request: Request, room: String, kind: HTTPMediaSession.Kind) async throws -> String {
        guard let tokens = context.tokens else {
            let name = request.uri.queryParameters.get("name") ?? kind.rawValue
            if let problem = JoinRequest.nameProblem(name) { throw HTTPMediaRefusal.badRequest("name \(problem)") }
            return name
        }
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else {
            throw HTTPMediaRefusal.missingToken
        }
        let claims: JoinClaims
        do {
            claims = try await tokens.verify(String(authorization.dropFirst("Bearer ".count)))
        } catch {
            throw HTTPMediaRefusal.invalidToken("invalid or expired token")
        }
        guard claims.room == room else { throw HTTPMediaRefusal.invalidToken("the token is for another room") }
        return claims.name
    }

    /// The response for a refusal (counted), or a 500 for anything else
    /// (logged, not echoed).
    func refusalResponse(_ error: any Error, kind: HTTPMediaSession.Kind) -> Response {
        let refusal: HTTPMediaRefusal
        if let known = error as? HTTPMediaRefusal {
            refusal = known
        } else {
            logger.error("\(kind.rawValue) request failed", metadata: ["error": "\(error)"])
            refusal = .internalError
        }
        let metric = kind == .whip ? RefusalCounters.whipRefusals : RefusalCounters.whepRefusals
        context.refusals.count(metric, "reason", refusal.reason)
        var headers = HTTPMediaHeaders.crossOrigin
        headers[.contentType] = "text/plain; charset=utf-8"
        if refusal.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: refusal.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: refusal.message + "\n")))
    }
}
