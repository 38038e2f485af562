import Foundation
import JWTKit

/// The claims of a join token (docs/protocol.md: HS256 with room, name, exp;
/// the LiveKit convention of one token per room and name).
public struct JoinClaims: JWTPayload, Equatable {
    public var room: String
    public var name: String
    public var exp: ExpirationClaim

    public init(room: String, name: String, expires: Date) {
        self.room = room
        self.name = name
        self.exp = ExpirationClaim(value: expires)
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Signs and checks join tokens with the configured HS256 key.
public final class TokenVerifier: Sendable {
    private let keys: JWTKeyCollection

    /// HS256 needs a key at least as long as its hash (RFC 7518 §3.2).
    public static let minimumKeyBytes = 32

    public init(key: String) async throws {
        guard key.utf8.count >= Self.minimumKeyBytes else {
            throw ConfigurationError(
                description: "the token key must be at least \(Self.minimumKeyBytes) bytes (HS256, RFC 7518 §3.2)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: key), digestAlgorithm: .sha256)
    }

    /// The claims of `token` when its signature and expiry hold.
    public func verify(_ token: String) async throws -> JoinClaims {
        try await keys.verify(token, as: JoinClaims.self)
    }

    /// What `token` grants on the HTTP control routes.
    public func grant(of token: String) async -> TokenGrant {
        if let admin = try? await keys.verify(token, as: AdminClaims.self) { return .admin(room: admin.room) }
        if (try? await keys.verify(token, as: JoinClaims.self)) != nil { return .participant }
        return .invalid
    }

    /// An admin token, for every room or only `room`, valid for `lifetime` seconds.
    public func signAdmin(room: String?, lifetime: TimeInterval) async throws -> String {
        try await keys.sign(AdminClaims(room: room, expires: Date().addingTimeInterval(lifetime)))
    }

    /// A token for `name` in `room`, valid for `lifetime` seconds.
    public func sign(room: String, name: String, lifetime: TimeInterval) async throws -> String {
        try await keys.sign(JoinClaims(room: room, name: name, expires: Date().addingTimeInterval(lifetime)))
    }
}
