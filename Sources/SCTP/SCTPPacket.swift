import NIOCore

/// An SCTP packet: the common header (ports, verification tag, CRC32c)
/// and its chunks (RFC 9260 §3.1). In WebRTC it is one DTLS record's
/// payload (RFC 8261).
public struct SCTPPacket: Sendable, Hashable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var verificationTag: UInt32
    public var chunks: [SCTPChunk]

    public static let commonHeaderSize = 12

    public init(sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32, chunks: [SCTPChunk]) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
        self.chunks = chunks
    }

    /// Parses a packet and checks its CRC32c (unless `verifyChecksum` is
    /// false: fuzzing). At most `maxChunks` chunks are read; a packet
    /// with more is refused as too long.
    public init(parsing bytes: ByteBuffer, verifyChecksum: Bool = true, maxChunks: Int = 256) throws(SCTPError) {
        var reader = SCTPReader(bytes)
        sourcePort = try reader.read()
        destinationPort = try reader.read()
        verificationTag = try reader.read()
        let found = try reader.read(UInt32.self)
        if verifyChecksum {
            let expected = bytes.withUnsafeReadableBytes { CRC32c.checksum($0, zeroedAt: 8) }
            // The CRC goes on the wire least significant byte first (RFC 9260 Appendix A).
            guard found.byteSwapped == expected else { throw .badChecksum(expected: expected, found: found.byteSwapped) }
        }
        chunks = []
        while reader.remaining > 0 {
            guard chunks.count < maxChunks else { throw .badLength(at: reader.offset, length: reader.remaining) }
            chunks.append(try SCTPChunk.read(from: &reader))
        }
    }

    /// `bytes` (a whole packet) with its checksum field set (tests, fuzzing).
    public static func settingChecksum(of bytes: ByteBuffer) -> ByteBuffer {
        var packet = bytes
        guard packet.readableBytes >= commonHeaderSize else { return packet }
        let crc = packet.withUnsafeReadableBytes { CRC32c.checksum($0, zeroedAt: 8) }
        packet.setInteger(crc.byteSwapped, at: packet.readerIndex + 8)
        return packet
    }

    /// The packet with its checksum.
    public func serialized() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(SCTPPacket.commonHeaderSize + 64)
        buffer.writeInteger(sourcePort)
        buffer.writeInteger(destinationPort)
        buffer.writeInteger(verificationTag)
        buffer.writeInteger(UInt32(0))
        for chunk in chunks { chunk.write(into: &buffer) }
        let crc = buffer.withUnsafeReadableBytes { CRC32c.checksum($0, zeroedAt: 8) }
        buffer.setInteger(crc.byteSwapped, at: 8)
        return buffer
    }
}
