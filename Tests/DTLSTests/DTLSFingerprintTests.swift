import DTLS
import Testing
import TestSupport

@Suite struct DTLSFingerprintTests {
    @Test func formatsAsUpperCaseColonHex() {
        let fingerprint = DTLSFingerprint(algorithm: .sha256, bytes: Array(0..<32).map { UInt8(truncatingIfNeeded: $0 * 8 + 0x0A) })
        #expect(fingerprint.hexText.hasPrefix("0A:12:1A:22:"))
        #expect(fingerprint.hexText.count == 32 * 3 - 1)
        #expect(fingerprint.attributeValue.hasPrefix("sha-256 0A:12:"))
        #expect(fingerprint.description == fingerprint.attributeValue)
    }

    @Test func parsesTheAttributeValue() throws {
        // RFC 8122 §5 allows lower-case hex and upper-case hash names.
        let text = "SHA-256 " + (0..<32).map { _ in "ab" }.joined(separator: ":")
        let fingerprint = try DTLSFingerprint(parsing: text)
        #expect(fingerprint.algorithm == .sha256)
        #expect(fingerprint.bytes == [UInt8](repeating: 0xAB, count: 32))
        let split = try DTLSFingerprint(hashFunction: "sha-1", hex: (0..<20).map { _ in "0F" }.joined(separator: ":"))
        #expect(split.algorithm == .sha1 && split.bytes == [UInt8](repeating: 0x0F, count: 20))
    }

    @Test func roundTripsRandomDigests() throws {
        var random = SeededRandom(seed: 8122)
        for index in 0..<300 {
            let algorithm = DTLSHashAlgorithm.allCases[index % DTLSHashAlgorithm.allCases.count]
            let fingerprint = DTLSFingerprint(algorithm: algorithm, bytes: random.bytes(algorithm.digestLength))
            #expect(try DTLSFingerprint(parsing: fingerprint.attributeValue) == fingerprint)
            #expect(try DTLSFingerprint(algorithm: algorithm, parsingHex: fingerprint.hexText) == fingerprint)
        }
    }

    @Test func certificateFingerprintRoundTrips() throws {
        let fingerprint = DTLSTestFixtures.serverCertificate.fingerprint
        #expect(try DTLSFingerprint(parsing: fingerprint.attributeValue) == fingerprint)
    }

    @Test func rejectsBadText() {
        let good = (0..<32).map { _ in "AB" }.joined(separator: ":")
        #expect(throws: DTLSFingerprintError.missingField("hash function")) { try DTLSFingerprint(parsing: "") }
        #expect(throws: DTLSFingerprintError.missingField("fingerprint")) { try DTLSFingerprint(parsing: "sha-256") }
        #expect(throws: DTLSFingerprintError.trailingText("extra")) { try DTLSFingerprint(parsing: "sha-256 \(good) extra") }
        #expect(throws: DTLSFingerprintError.unknownHashFunction("md5")) { try DTLSFingerprint(parsing: "md5 " + good) }
        #expect(throws: DTLSFingerprintError.badHexPair(at: 2)) {
            try DTLSFingerprint(parsing: "sha-256 AB:CD:XY:" + good)
        }
        #expect(throws: DTLSFingerprintError.badHexPair(at: 1)) { try DTLSFingerprint(parsing: "sha-256 AB:C:DE") }
        #expect(throws: DTLSFingerprintError.badHexPair(at: 32)) { try DTLSFingerprint(parsing: "sha-256 " + good + ":") }
        #expect(throws: DTLSFingerprintError.wrongLength(algorithm: .sha1, expected: 20, got: 32)) {
            try DTLSFingerprint(parsing: "sha-1 " + good)
        }
    }

    @Test func garbageNeverTraps() {
        var random = SeededRandom(seed: 5763)
        for bytes in Mutations.garbage(count: 300, maxLength: 120, using: &random) {
            _ = try? DTLSFingerprint(parsing: String(decoding: bytes, as: UTF8.self))
        }
        let valid = Array(DTLSTestFixtures.clientCertificate.fingerprint.attributeValue.utf8)
        for bytes in Mutations.truncations(of: valid) + Mutations.corruptions(of: valid, count: 200, using: &random) {
            _ = try? DTLSFingerprint(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }
}
