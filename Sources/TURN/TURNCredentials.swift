/// Time-limited long-term credentials in the "TURN REST API" style
/// (coturn's use-auth-secret; draft-uberti-behave-turn-rest): the username
/// is `<expiry unix seconds>:<participant id>`, the password
/// base64(HMAC-SHA1(secret, username)). The server keeps no user table:
/// anyone holding the shared secret can mint credentials, and the server
/// checks them by recomputing the password.
public struct TURNCredentials: Sendable, Hashable {
    public var username: String
    public var password: String
    /// When the username stops being accepted, unix seconds.
    public var expiresAt: Int64

    public init(username: String, password: String, expiresAt: Int64) {
        self.username = username
        self.password = password
        self.expiresAt = expiresAt
    }

    /// Credentials for `participant`, valid from `unixTime` for `validFor` seconds.
    public static func make(
        participant: String, secret: [UInt8], unixTime: Int64, validFor seconds: Int64
    ) -> TURNCredentials {
        let expiresAt = unixTime.addingReportingOverflow(max(0, seconds)).overflow ? Int64.max : unixTime + max(0, seconds)
        let username = "\(expiresAt):\(participant)"
        return TURNCredentials(username: username, password: password(for: username, secret: secret), expiresAt: expiresAt)
    }

    /// The password the server expects for `username`.
    public static func password(for username: String, secret: [UInt8]) -> String {
        TURNCrypto.base64(TURNCrypto.hmacSHA1(key: secret, data: Array(username.utf8)))
    }

    /// Why a username was not accepted.
    public enum Rejection: Error, Sendable, Hashable {
        /// Not `<digits>:<participant>` with a non-empty participant.
        case malformed
        /// The expiry time has passed.
        case expired(at: Int64)
    }

    /// The participant and expiry of a REST username, if it is well formed
    /// and not expired at `unixTime`. Usernames without a participant part
    /// (coturn also accepts a bare timestamp) are refused: the quota is per
    /// participant.
    public static func check(username: String, unixTime: Int64) throws(Rejection) -> (participant: String, expiresAt: Int64) {
        guard let colon = username.utf8.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed }
        let digits = username.utf8[..<colon]
        let participant = String(username[username.index(after: colon)...])
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            let expiresAt = Int64(String(decoding: digits, as: UTF8.self)), !participant.isEmpty
        else { throw .malformed }
        guard expiresAt > unixTime else { throw .expired(at: expiresAt) }
        return (participant, expiresAt)
    }
}
