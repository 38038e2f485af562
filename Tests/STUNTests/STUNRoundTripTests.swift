import NIOCore
import STUN
import TestSupport
import Testing

@Suite struct STUNRoundTripTests {
    /// value -> bytes -> value, then bytes -> value -> bytes, for random
    /// messages written verbatim (stored MI / FINGERPRINT values included).
    @Test func randomMessagesRoundTrip() throws {
        var random = SeededRandom(seed: 0x5354_554E)
        for round in 0..<400 {
            let message = RandomSTUN.message(&random)
            let bytes = Array(message.serialized().readableBytesView)
            #expect(bytes.count % 4 == 0)
            let parsed = try STUNMessage(parsing: bytes)
            #expect(parsed == message, "round \(round): \(message)")
            #expect(Array(parsed.serialized().readableBytesView) == bytes, "round \(round)")
            // RFC 7983 gives STUN the first bytes 0...3 only (methods up to 0x0FF).
            #expect(STUNMessage.isLikelySTUN(bytes) == (bytes[0] <= 3))
        }
    }

    /// Padding bytes other than zero parse, and writing with the same
    /// padding byte gives back the same bytes.
    @Test func paddingByteRoundTrip() throws {
        var random = SeededRandom(seed: 20)
        for round in 0..<200 {
            let message = RandomSTUN.message(&random)
            let padding = UInt8.random(in: 0...255, using: &random)
            let bytes = Array(message.serialized(paddingByte: padding).readableBytesView)
            let parsed = try STUNMessage(parsing: bytes)
            #expect(parsed == message, "round \(round)")
            #expect(Array(parsed.serialized(paddingByte: padding).readableBytesView) == bytes, "round \(round)")
        }
    }

    /// Messages written with computed MI, MI-SHA256 and FINGERPRINT verify
    /// after parsing, and not with another key.
    @Test func randomSignedMessagesVerify() throws {
        var random = SeededRandom(seed: 7)
        for round in 0..<200 {
            let message = RandomSTUN.message(&random, allowIntegrity: false)
            let key = STUNKey(bytes: random.bytes(Int.random(in: 0...32, using: &random)))
            let useSHA1 = Bool.random(using: &random)
            let useSHA256 = Bool.random(using: &random)
            let fingerprint = Bool.random(using: &random)
            let padding = UInt8.random(in: 0...255, using: &random)
            let written = message.serialized(
                integrityKey: useSHA1 ? key : nil, integritySHA256Key: useSHA256 ? key : nil,
                fingerprint: fingerprint, paddingByte: padding)
            let parsed = try STUNMessage(parsing: written)

            var expectedTypes = message.attributes.map(\.type)
            if useSHA1 { expectedTypes.append(.messageIntegrity) }
            if useSHA256 { expectedTypes.append(.messageIntegritySHA256) }
            if fingerprint { expectedTypes.append(.fingerprint) }
            #expect(parsed.attributes.map(\.type) == expectedTypes, "round \(round)")
            #expect(parsed.effectiveAttributes.filter { $0.type != .fingerprint } == message.attributes, "round \(round)")

            let otherKey = STUNKey(bytes: key.bytes + [1])
            #expect(parsed.checkMessageIntegrity(key: key) == (useSHA1 ? .valid : .absent), "round \(round)")
            #expect(parsed.checkMessageIntegrity(key: otherKey) == (useSHA1 ? .invalid : .absent))
            #expect(parsed.checkMessageIntegritySHA256(key: key) == (useSHA256 ? .valid : .absent), "round \(round)")
            #expect(parsed.checkMessageIntegritySHA256(key: otherKey) == (useSHA256 ? .invalid : .absent))
            #expect(parsed.checkFingerprint() == (fingerprint ? .valid : .absent), "round \(round)")

            // Writing the parsed message again regenerates the same values.
            let rewritten = parsed.serialized(
                integrityKey: useSHA1 ? key : nil, integritySHA256Key: useSHA256 ? key : nil,
                fingerprint: fingerprint, paddingByte: padding)
            #expect(rewritten == written, "round \(round)")
        }
    }

    /// Every 14-bit message type maps to a method and class and back.
    @Test func messageTypeRoundTrip() {
        for raw in UInt16(0)..<0x4000 {
            let type = STUNMessageType(rawValue: raw)
            #expect(type.rawValue == raw)
            #expect(STUNMessageType(method: type.method, messageClass: type.messageClass) == type)
        }
        #expect(STUNMessageType.bindingRequest.rawValue == 0x0001)
        #expect(STUNMessageType.bindingIndication.rawValue == 0x0011)
        #expect(STUNMessageType.bindingSuccess.rawValue == 0x0101)
        #expect(STUNMessageType.bindingError.rawValue == 0x0111)
        #expect(STUNMessageType(method: STUNMethod(rawValue: 0xFFF), messageClass: .errorResponse).rawValue == 0x3FFF)
        // TURN Allocate (0x003) success response: 0x0103.
        #expect(STUNMessageType(rawValue: 0x0103) == STUNMessageType(method: STUNMethod(rawValue: 3), messageClass: .successResponse))
    }

    @Test func transactionIDBytes() throws {
        var random = SeededRandom(seed: 3)
        for _ in 0..<100 {
            let bytes = random.bytes(12)
            let id = try #require(STUNTransactionID(bytes: bytes))
            #expect(id.bytes == bytes)
            #expect(id.description == hexString(bytes))
        }
        #expect(STUNTransactionID(bytes: [UInt8](repeating: 0, count: 11)) == nil)
        #expect(STUNTransactionID.random() != STUNTransactionID.random())
    }
}
