/// CRC32c (Castagnoli, reflected polynomial 0x82F63B78), the SCTP checksum
/// (RFC 9260 §6.8 and Appendix A).
public enum CRC32c {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    /// The checksum of `bytes` with the four bytes at `zeroedAt` read as zero
    /// (the checksum field itself, RFC 9260 §6.8).
    static func checksum(_ bytes: UnsafeRawBufferPointer, zeroedAt: Int) -> UInt32 {
        let zeroEnd = min(bytes.count, zeroedAt + 4)
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for index in 0..<min(zeroedAt, bytes.count) { crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8) }
            for _ in min(zeroedAt, bytes.count)..<zeroEnd { crc = table[Int(crc & 0xFF)] ^ (crc >> 8) }
            for index in zeroEnd..<bytes.count { crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8) }
        }
        return ~crc
    }
}
