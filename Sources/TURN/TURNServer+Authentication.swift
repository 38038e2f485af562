import NIOCore
import STUN

/// Who sent an authenticated request, and the key to answer with.
struct TURNCredential: Sendable {
    var username: String
    var participant: String
    var key: STUNKey
}

/// A refused authentication: the error response to send.
struct TURNAuthenticationRefusal: Error {
    var action: TURNAction
}

extension TURNServer {
    /// The long-term credential checks of RFC 8489 §9.2.4, in order:
    /// no MESSAGE-INTEGRITY → 401 with REALM and NONCE; integrity without
    /// USERNAME, REALM or NONCE → 400; a nonce not ours or too old → 438
    /// with a fresh one; a REST username malformed or expired, or a wrong
    /// MESSAGE-INTEGRITY → 401.
    mutating func authenticate(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, now: NIODeadline, unixTime: Int64
    ) -> Result<TURNCredential, TURNAuthenticationRefusal> {
        let challenge: [STUNAttribute] = [
            .realm(configuration.realm), .nonce(nonces.issue(for: fiveTuple, now: now)),
        ]
        func refusal(_ error: STUNErrorCode, extra: [STUNAttribute]) -> Result<TURNCredential, TURNAuthenticationRefusal> {
            .failure(TURNAuthenticationRefusal(action: refuse(request, error, fiveTuple: fiveTuple, key: nil, extra: extra)))
        }
        guard request.attributes.contains(where: { $0.type == .messageIntegrity }) else {
            return refusal(.unauthenticated, extra: challenge)
        }
        guard let username = request.username, request.realm != nil, let nonce = request.nonce else {
            return refusal(.badRequest, extra: [])
        }
        guard nonces.isValid(nonce, for: fiveTuple, now: now) else {
            return refusal(.staleNonce, extra: challenge)
        }
        guard let (participant, _) = try? TURNCredentials.check(username: username, unixTime: unixTime) else {
            return refusal(.unauthenticated, extra: challenge)
        }
        let password = TURNCredentials.password(for: username, secret: configuration.secret)
        let key = STUNKey.longTerm(username: username, realm: configuration.realm, password: password)
        guard request.checkMessageIntegrity(key: key) == .valid else {
            return refusal(.unauthenticated, extra: challenge)
        }
        return .success(TURNCredential(username: username, participant: participant, key: key))
    }
}
