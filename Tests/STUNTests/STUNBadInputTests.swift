import NIOCore
import STUN
import TestSupport
import Testing

/// Truncations, corruptions and garbage go through the parser: each either
/// parses or throws a `STUNError` (typed throws), and nothing traps. What
/// parses is also pushed through the accessors and checks.
@Suite struct STUNBadInputTests {
    static var validMessages: [[UInt8]] {
        var random = SeededRandom(seed: 99)
        let key = STUNKey.shortTerm(password: "pass")
        var messages = [
            RFC5769TestVectors.sampleRequest, RFC5769TestVectors.ipv4Response, RFC5769TestVectors.ipv6Response,
            RFC5769TestVectors.longTermRequest,
        ]
        for _ in 0..<20 {
            let message = RandomSTUN.message(&random, allowIntegrity: false)
            messages.append(Array(message.serialized(integrityKey: key, integritySHA256Key: key, fingerprint: true)
                .readableBytesView))
        }
        return messages
    }

    @Test func truncations() {
        for bytes in Self.validMessages {
            for truncated in Mutations.truncations(of: bytes) {
                #expect(throws: STUNError.self) { try STUNMessage(parsing: truncated) }
                #expect(!STUNMessage.isLikelySTUN(truncated))
            }
        }
    }

    @Test func corruptions() {
        var random = SeededRandom(seed: 1234)
        var parsedCount = 0
        for bytes in Self.validMessages {
            for corrupted in Mutations.corruptions(of: bytes, count: 150, using: &random) {
                if exercise(corrupted) { parsedCount += 1 }
            }
        }
        // Most single-byte corruptions land in values and still parse.
        #expect(parsedCount > 0)
    }

    @Test func garbage() {
        var random = SeededRandom(seed: 4321)
        for bytes in Mutations.garbage(count: 2000, maxLength: 120, using: &random) {
            exercise(bytes)
        }
        // Garbage behind a valid header: exercises the attribute walk.
        for _ in 0..<2000 {
            let length = 4 * Int.random(in: 0...30, using: &random)
            var bytes = [0x00, 0x01, UInt8(length >> 8), UInt8(length & 0xFF), 0x21, 0x12, 0xA4, 0x42]
            bytes += random.bytes(12 + length)
            if Bool.random(using: &random) {
                // Plausible attribute headers: known types with random lengths.
                let types: [UInt16] = [0x0001, 0x0006, 0x0008, 0x0009, 0x000A, 0x001C, 0x0020, 0x0024, 0x0025, 0x8028, 0x8029]
                var offset = 20
                while offset + 4 <= bytes.count {
                    let type = types.randomElement(using: &random)!
                    let valueLength = Int.random(in: 0...24, using: &random)
                    bytes[offset] = UInt8(type >> 8)
                    bytes[offset + 1] = UInt8(type & 0xFF)
                    bytes[offset + 2] = 0
                    bytes[offset + 3] = UInt8(valueLength)
                    offset += 4 + (valueLength + 3) & ~3
                }
            }
            exercise(bytes)
        }
    }

    /// Parses, and for what parses, runs every accessor and check.
    @discardableResult
    private func exercise(_ bytes: [UInt8]) -> Bool {
        let message: STUNMessage
        do {
            message = try STUNMessage(parsing: bytes)
        } catch {
            return false
        }
        let key = STUNKey.shortTerm(password: "pass")
        _ = message.checkMessageIntegrity(key: key)
        _ = message.checkMessageIntegritySHA256(key: key)
        _ = message.checkFingerprint()
        _ = message.unknownComprehensionRequired
        _ = (message.username, message.software, message.realm, message.nonce, message.priority)
        _ = (message.useCandidate, message.iceControlling, message.iceControlled, message.errorCode)
        _ = (message.mappedAddress, message.xorMappedAddress?.description, message.unknownAttributes)
        _ = message.description
        // What parses re-serializes to something that parses to the same value.
        #expect((try? STUNMessage(parsing: message.serialized())) == message)
        #expect(STUNMessage.isLikelySTUN(bytes) == (bytes[0] <= 3))
        return true
    }
}
