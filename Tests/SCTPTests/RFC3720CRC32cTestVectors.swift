import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// CRC32c vectors from RFC 3720 Appendix B.4 (the same CRC SCTP uses,
/// RFC 9260 Appendix A), and the usual "123456789" check value.
@Suite struct RFC3720CRC32cTestVectors {
    @Test func checkValue() {
        #expect(CRC32c.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func thirtyTwoZeros() {
        #expect(CRC32c.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    @Test func thirtyTwoOnes() {
        #expect(CRC32c.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    @Test func incrementing() {
        #expect(CRC32c.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test func decrementing() {
        #expect(CRC32c.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    /// The iSCSI read command PDU of RFC 3720 B.4.
    @Test func iSCSIReadCommand() {
        let pdu = hexBytes(
            """
            01 c0 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            14 00 00 00 00 00 04 00 00 00 00 14 00 00 00 18
            28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00
            """)
        #expect(CRC32c.checksum(pdu) == 0xD996_3A56)
    }

    /// SCTP puts the CRC on the wire least significant byte first: the
    /// checksum field of a packet holds the reflected bytes (RFC 9260 Appendix A).
    @Test func packetChecksumByteOrder() throws {
        let bytes = hexBytes(
            """
            1388 1388   // ports 5000 -> 5000
            00000000    // verification tag 0 (INIT)
            00000000    // checksum, filled below
            01 00 0014  // INIT, length 20
            11223344    // initiate tag
            00010000    // a_rwnd 65536
            0400 0400   // 1024 streams each way
            01020304    // initial TSN
            """)
        let crc = CRC32c.checksum(bytes)
        var packet = bytes
        packet[8] = UInt8(crc & 0xFF)
        packet[9] = UInt8(crc >> 8 & 0xFF)
        packet[10] = UInt8(crc >> 16 & 0xFF)
        packet[11] = UInt8(crc >> 24)
        let parsed = try SCTPPacket(parsing: ByteBuffer(bytes: packet))
        #expect(Array(parsed.serialized().readableBytesView) == packet)
    }
}
