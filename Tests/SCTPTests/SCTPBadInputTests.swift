import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// Malformed packets throw typed errors that say what and where.
@Suite struct SCTPBadInputTests {
    let chunks = SCTPChunkTests()

    @Test func shortHeader() {
        #expect(throws: SCTPError.truncated(at: 8, need: 4)) { try SCTPPacket(parsing: ByteBuffer(bytes: [0x13, 0x88, 0x13, 0x88, 0, 0, 0, 0])) }
    }

    @Test func badChecksum() {
        var bytes = chunks.packet(hexBytes("0b 00 0004"))
        bytes.setInteger(UInt8(0), at: 8)
        #expect(throws: SCTPError.self) { try SCTPPacket(parsing: bytes) }
        #expect((try? SCTPPacket(parsing: bytes, verifyChecksum: false)) != nil)
    }

    @Test func chunkLengthPastTheEnd() {
        #expect(throws: SCTPError.badLength(at: 12, length: 0x40)) { try SCTPPacket(parsing: chunks.packet(hexBytes("00 03 0040 00000001"))) }
    }

    @Test func chunkLengthBelowHeader() {
        #expect(throws: SCTPError.badLength(at: 12, length: 2)) { try SCTPPacket(parsing: chunks.packet(hexBytes("0b 00 0002"))) }
    }

    @Test func dataTooShort() {
        #expect(throws: SCTPError.chunkTooShort(type: 0, length: 8)) { try SCTPPacket(parsing: chunks.packet(hexBytes("00 03 0008 00000001"))) }
    }

    @Test func sackCountsBeyondTheChunk() {
        // 0x1000 gap blocks claimed in a 16-byte chunk: refused before allocating.
        #expect(throws: SCTPError.truncated(at: 28, need: 0x4000)) {
            try SCTPPacket(parsing: chunks.packet(hexBytes("03 00 0010 00000001 00001000 1000 0000")))
        }
    }

    @Test func initParameterOverrun() {
        #expect(throws: SCTPError.badLength(at: 32, length: 0x20)) {
            try SCTPPacket(parsing: chunks.packet(hexBytes("01 00 0018 00000001 00001000 0001 0001 00000001 c000 0020")))
        }
    }

    @Test func reconfigResponseOfWrongLength() {
        #expect(throws: SCTPError.badParameterLength(type: 16, length: 8)) {
            try SCTPPacket(parsing: chunks.packet(hexBytes("82 00 000c 0010 0008 00000005")))
        }
    }

    @Test func tooManyChunks() {
        let many = (0..<300).flatMap { _ in hexBytes("0b 00 0004") }
        #expect(throws: SCTPError.self) { try SCTPPacket(parsing: chunks.packet(many)) }
    }
}
