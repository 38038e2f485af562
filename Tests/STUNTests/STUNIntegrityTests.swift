import NIOCore
import STUN
import TestSupport
import Testing

/// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT beyond the
/// RFC 5769 vectors: what is covered, what is ignored, which bytes count.
@Suite struct STUNIntegrityTests {
    static let key = STUNKey.shortTerm(password: "remote-ice-pwd-0123456")
    static let transactionID = STUNTransactionID(upper: 1, lower: 2)

    /// Appends raw attribute bytes after what is written, fixing the length.
    func appending(_ extra: [UInt8], to buffer: ByteBuffer) -> [UInt8] {
        var bytes = Array(buffer.readableBytesView) + extra
        let length = bytes.count - 20
        bytes[2] = UInt8(length >> 8)
        bytes[3] = UInt8(length & 0xFF)
        return bytes
    }

    /// RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored, by the
    /// check (length adjusted) and by the accessors.
    @Test func attributesAfterIntegrityAreIgnored() throws {
        let request = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "a:b", priority: 7, role: .controlling(tieBreaker: 9))
        let signed = request.serialized(integrityKey: Self.key)
        // An attacker appends USE-CANDIDATE and an unknown required type.
        let tampered = appending(hexBytes("0025 0000  7001 0000"), to: signed)
        let message = try STUNMessage(parsing: tampered)
        #expect(message.checkMessageIntegrity(key: Self.key) == .valid)
        #expect(message.attributes.count == 6)
        #expect(message.attributes.contains(.useCandidate))
        #expect(message.useCandidate == false)
        #expect(message.unknownComprehensionRequired.isEmpty)
        #expect(message.effectiveAttributes.count == 3)
        #expect(message.username == "a:b")
    }

    @Test func integrityCoversAttributesBefore() throws {
        let request = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "a:b", priority: 7, role: .controlling(tieBreaker: 9),
            useCandidate: true)
        var bytes = Array(request.serialized(integrityKey: Self.key, fingerprint: true).readableBytesView)
        #expect(try STUNMessage(parsing: bytes).checkMessageIntegrity(key: Self.key) == .valid)
        // Changing the priority value (bytes 32..<36) breaks it.
        bytes[35] ^= 1
        let altered = try STUNMessage(parsing: bytes)
        #expect(altered.checkMessageIntegrity(key: Self.key) == .invalid)
        #expect(altered.checkFingerprint() == .invalid)
    }

    @Test func bothIntegrityAttributesAndFingerprint() throws {
        let message = STUNMessage.bindingSuccess(
            transactionID: Self.transactionID, mappedAddress: STUNAddress(ipv4: 10, 0, 0, 1, port: 9))
        let sha256Key = STUNKey.longTermSHA256(username: "u", realm: "r", password: "p")
        #expect(sha256Key.bytes.count == 32)
        let parsed = try STUNMessage(parsing: message.serialized(
            integrityKey: Self.key, integritySHA256Key: sha256Key, fingerprint: true))
        #expect(parsed.attributes.map(\.type) == [.xorMappedAddress, .messageIntegrity, .messageIntegritySHA256, .fingerprint])
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .valid)
        #expect(parsed.checkMessageIntegritySHA256(key: sha256Key) == .valid)
        #expect(parsed.checkMessageIntegritySHA256(key: Self.key) == .invalid)
        #expect(parsed.checkFingerprint() == .valid)
    }

    /// RFC 8489 §14.6: MESSAGE-INTEGRITY after MESSAGE-INTEGRITY-SHA256 is ignored.
    @Test func integrityAfterSHA256IsIgnored() throws {
        let message = STUNMessage(type: .bindingRequest, transactionID: Self.transactionID, attributes: [.username("x")])
        let signed = message.serialized(integritySHA256Key: Self.key)
        var mi = hexBytes("0008 0014")
        mi += [UInt8](repeating: 0, count: 20)
        let parsed = try STUNMessage(parsing: appending(mi, to: signed))
        #expect(parsed.checkMessageIntegritySHA256(key: Self.key) == .valid)
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .absent)
    }

    /// A stored MI is written back verbatim when no key is given, so the
    /// received bytes round-trip; a key replaces it.
    @Test func storedValuesVersusRegenerated() throws {
        let parsed = try STUNMessage(parsing: RFC5769TestVectors.ipv4Response)
        let verbatim = parsed.serialized(paddingByte: 0x20)
        #expect(Array(verbatim.readableBytesView) == RFC5769TestVectors.ipv4Response)
        let resigned = try STUNMessage(parsing: parsed.serialized(integrityKey: Self.key, fingerprint: true))
        #expect(resigned.attributes.filter { $0.type == .messageIntegrity }.count == 1)
        #expect(resigned.checkMessageIntegrity(key: Self.key) == .valid)
        #expect(resigned.checkMessageIntegrity(key: RFC5769TestVectors.shortTermKey) == .invalid)
    }

    /// Changing a parsed message forgets its received bytes: checks then run
    /// over the message as it would be written now.
    @Test func mutationForgetsReceivedBytes() throws {
        var message = try STUNMessage(parsing: RFC5769TestVectors.ipv4Response)
        #expect(message.checkMessageIntegrity(key: RFC5769TestVectors.shortTermKey) == .valid)
        message.transactionID = Self.transactionID
        #expect(message.checkMessageIntegrity(key: RFC5769TestVectors.shortTermKey) == .invalid)
        #expect(message.checkFingerprint() == .invalid)
    }

    @Test func builtMessageWithoutIntegrity() {
        let message = STUNMessage.bindingRequest(transactionID: Self.transactionID)
        #expect(message.checkMessageIntegrity(key: Self.key) == .absent)
        #expect(message.checkMessageIntegritySHA256(key: Self.key) == .absent)
        #expect(message.checkFingerprint() == .absent)
        #expect(Array(message.serialized().readableBytesView) == hexBytes("0001 0000 2112a442 00000001 0000000000000002"))
    }

    /// Writing after existing content in a buffer (reader index not at the
    /// message start) computes over the message only.
    @Test func writeIntoNonEmptyBuffer() throws {
        let message = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "a:b", priority: 1, role: .controlled(tieBreaker: 2))
        var buffer = ByteBuffer(bytes: [0xDE, 0xAD, 0xBE, 0xEF, 0x00])
        buffer.moveReaderIndex(forwardBy: 2)
        message.write(into: &buffer, integrityKey: Self.key, fingerprint: true)
        buffer.moveReaderIndex(forwardBy: 3)
        #expect(buffer == message.serialized(integrityKey: Self.key, fingerprint: true))
        let parsed = try STUNMessage(parsing: buffer)
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .valid)
        #expect(parsed.checkFingerprint() == .valid)
    }

    @Test func emptyKey() throws {
        let message = STUNMessage.bindingRequest(transactionID: Self.transactionID)
        let empty = STUNKey(bytes: [])
        let parsed = try STUNMessage(parsing: message.serialized(integrityKey: empty))
        #expect(parsed.checkMessageIntegrity(key: empty) == .valid)
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .invalid)
    }

    /// The long-term key is MD5("user:realm:pass"), RFC 8489 §9.2.2.
    @Test func longTermKeyIsMD5() {
        // MD5("user:realm:pass") = 8493fbc53ba582fb4c044c456bdc40eb
        #expect(hexString(STUNKey.longTerm(username: "user", realm: "realm", password: "pass").bytes)
            == "8493fbc53ba582fb4c044c456bdc40eb")
    }
}
