import Foundation
import JWTKit

/// The claims of an admin token, for the HTTP control plane (recording,
/// stats, metrics). `admin` must be true: a join token never carries it, so
/// a participant cannot use its own token on these routes (LiveKit's
/// roomAdmin / roomRecord grants are the same idea). `room`, when set,
/// limits the token to that room's routes.
public struct AdminClaims: JWTPayload, Equatable {
    public var admin: Bool
    public var room: String?
    public var exp: ExpirationClaim

    public init(room: String?, expires: Date) {
        self.admin = true
        self.room = room
        self.exp = ExpirationClaim(value: expires)
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard admin else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not an admin token") }
    }
}

/// What a bearer token on an HTTP control route grants.
public enum TokenGrant: Sendable, Equatable {
    /// An admin token: every room, or only `room`.
    case admin(room: String?)
    /// A valid join token: a participant, never an admin.
    case participant
    /// Forged, expired or not a token of this server.
    case invalid
}
