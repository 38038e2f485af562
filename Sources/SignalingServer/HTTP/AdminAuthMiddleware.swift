import Foundation
import Hummingbird

/// Guards the HTTP control routes when join tokens are required
/// (`auth.jwt_key`): `Authorization: Bearer <admin token>`. No token or an
/// invalid one: 401 with `WWW-Authenticate` (RFC 6750 §3); a join token, or
/// an admin token for another room: 403. Routes with a `room` parameter
/// accept a token limited to that room; the others (`/metrics`) need an
/// unlimited one. Every refusal is counted.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: TokenVerifier
    let refusals: RefusalCounters

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request) else {
            refusals.count(RefusalCounters.adminRefusals, "reason", "missing")
            return Self.refusal(.unauthorized, "an admin token is required (Authorization: Bearer)")
        }
        switch await tokens.grant(of: token) {
        case .invalid:
            refusals.count(RefusalCounters.adminRefusals, "reason", "invalid")
            return Self.refusal(.unauthorized, "invalid or expired token")
        case .participant:
            refusals.count(RefusalCounters.adminRefusals, "reason", "forbidden")
            return Self.refusal(.forbidden, "a join token grants no admin rights")
        case .admin(let room):
            if let room, room != context.parameters.get("room") {
                refusals.count(RefusalCounters.adminRefusals, "reason", "forbidden")
                return Self.refusal(.forbidden, "the token is for another room")
            }
            return try await next(request, context)
        }
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = JSONResponse.make(status, ["error": message])
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"switchboard\"" }
        return response
    }
}
