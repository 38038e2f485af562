import Foundation
import JWTKit

/// The claims of a relay token: node `relay` may pull `room` until `exp`.
struct RelayClaims: JWTPayload, Equatable {
    var relay: String
    var room: String
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Signs and checks relay tokens with `cluster.secret` (HS256): a node
/// proves it belongs to the cluster when it opens a relay here.
final class RelayTokens: Sendable {
    private let keys: JWTKeyCollection
    /// A relay token is used once, at once: a short life is enough.
    static let lifetime: TimeInterval = 60

    init(secret: String) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    func sign(relay node: String, room: String) async throws -> String {
        try await keys.sign(RelayClaims(relay: node, room: room, exp: ExpirationClaim(value: Date().addingTimeInterval(Self.lifetime))))
    }

    /// Whether `token` lets `node` pull `room`.
    func verify(_ token: String, relay node: String, room: String) async -> Bool {
        guard let claims = await claims(of: token) else { return false }
        return claims.relay == node && claims.room == room
    }

    /// The claims of `token` when it verifies (signature and expiry).
    func claims(of token: String) async -> RelayClaims? {
        try? await keys.verify(token, as: RelayClaims.self)
    }

    /// The upgrade header a relay's WebSocket carries its token in, so the
    /// far node can tell it from a client before it is admitted.
    static let upgradeHeader = "Switchboard-Relay-Token"
}
