import Testing

@testable import TURN

@Suite struct TURNCredentialsTests {
    @Test func hmacAndBase64MatchKnownVectors() {
        // HMAC-SHA1 of RFC 2202's style example, base64 as coturn sends it.
        let mac = TURNCrypto.hmacSHA1(key: Array("key".utf8), data: Array("The quick brown fox jumps over the lazy dog".utf8))
        #expect(TURNCrypto.hex(mac) == "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")
        #expect(TURNCrypto.base64(mac) == "3nybhbi3iqa8ino29wqQcBydtNk=")
        #expect(TURNCrypto.base64(Array("f".utf8)) == "Zg==")
        #expect(TURNCrypto.base64(Array("fo".utf8)) == "Zm8=")
        #expect(TURNCrypto.base64(Array("foo".utf8)) == "Zm9v")
    }

    @Test func restCredentialsRoundTrip() throws {
        let made = TURNCredentials.make(participant: "p-1", secret: Array("s".utf8), unixTime: 1000, validFor: 86400)
        #expect(made.username == "87400:p-1")
        #expect(made.password == TURNCredentials.password(for: "87400:p-1", secret: Array("s".utf8)))
        let checked = try TURNCredentials.check(username: made.username, unixTime: 1000)
        #expect(checked.participant == "p-1")
        #expect(checked.expiresAt == 87400)
        #expect(throws: TURNCredentials.Rejection.expired(at: 87400)) {
            try TURNCredentials.check(username: made.username, unixTime: 87400)
        }
        for bad in ["", "abc", "123", ":p", "12a:p", "99999999999999999999:p"] {
            #expect(throws: TURNCredentials.Rejection.malformed) { try TURNCredentials.check(username: bad, unixTime: 0) }
        }
    }
}
