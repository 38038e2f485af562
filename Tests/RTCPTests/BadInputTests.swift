import NIOCore
import RTCP
import TestSupport
import Testing

/// Truncations, corruptions and garbage through every parser: each must
/// parse or throw `RTCPError`, never trap.
@Suite struct BadInputTests {
    static let vectors: [[UInt8]] = [
        RFC3550TestVectors.senderReport,
        RFC3550TestVectors.capturedCompound,
        RFC4585TestVectors.chromeREMB,
        TWCCTestVectors.runLengthOfOne,
        TWCCTestVectors.runLengthOfSeven,
        TWCCTestVectors.twoBitVectorAndRunLength,
        TWCCTestVectors.oneBitVector,
        TWCCTestVectors.allChunkKinds,
    ]

    @Test func truncationsOfEveryVector() {
        for vector in Self.vectors {
            for truncated in Mutations.truncations(of: vector) {
                exerciseAllParsers(truncated)
            }
        }
    }

    @Test func truncatedCompoundsAreErrors() {
        // Cutting a compound anywhere but at a packet boundary must fail.
        let vector = RFC3550TestVectors.capturedCompound
        let boundaries: Set = [32, 84, 92, 104, 116]
        for truncated in Mutations.truncations(of: vector) where !boundaries.contains(truncated.count) {
            var input = buffer(truncated)
            #expect(throws: RTCPError.self) { try RTCPCompoundPacket(parsing: &input) }
        }
    }

    @Test func corruptionsOfEveryVector() {
        var random = SeededRandom(seed: 0xbad)
        for vector in Self.vectors {
            for corrupted in Mutations.corruptions(of: vector, count: 150, using: &random) {
                exerciseAllParsers(corrupted)
            }
        }
    }

    @Test func corruptionsOfRandomCompounds() {
        var packets = RandomPackets(seed: 0xc0ffee)
        var random = SeededRandom(seed: 0xc0ffee)
        for _ in 0..<40 {
            let bytes = serialize(packets.compound())
            for corrupted in Mutations.corruptions(of: bytes, count: 10, using: &random) {
                exerciseAllParsers(corrupted)
            }
        }
    }

    @Test func garbage() {
        var random = SeededRandom(seed: 0x6a7b)
        for bytes in Mutations.garbage(count: 400, maxLength: 120, using: &random) {
            exerciseAllParsers(bytes)
        }
    }

    /// Garbage behind a plausible header (version 2, a known type, a length
    /// that fits), so the body parsers see it rather than the header check.
    @Test func garbageBodiesBehindValidHeaders() {
        var random = SeededRandom(seed: 0x6b0d)
        for _ in 0..<1500 {
            let words = Int.random(in: 0...12, using: &random)
            let padding: UInt8 = Int.random(in: 0..<4, using: &random) == 0 ? 0x20 : 0
            let count = UInt8.random(in: 0...31, using: &random)
            let type = UInt8.random(in: 200...206, using: &random)
            var bytes: [UInt8] = [0x80 | padding | count, type, 0, UInt8(words)]
            bytes += random.bytes(4 * words)
            exerciseAllParsers(bytes)
        }
    }
}
