import NIOCore

// Packetizing helpers for senders (bots): STAP-A and FU-A (RFC 6184 §5.7.1,
// §5.8). Single NAL unit packets are just the NAL unit's bytes.
extension H264Payload {
    /// Appends an STAP-A of `nalUnits` (each a whole NAL unit, header
    /// included, 1-65535 bytes). Its header takes F as the OR and NRI as the
    /// maximum of the units' (RFC 6184 §5.7.1). Writes nothing when it throws.
    public static func writeSTAPA(_ nalUnits: some Collection<ByteBuffer>, into buffer: inout ByteBuffer)
        throws(PayloadDescriptorError)
    {
        var forbidden: UInt8 = 0
        var nri: UInt8 = 0
        var offset = 1
        for unit in nalUnits {
            guard (1...Int(UInt16.max)).contains(unit.readableBytes),
                let header = unit.getInteger(at: unit.readerIndex, as: UInt8.self)
            else { throw .badAggregationUnit(at: offset, size: unit.readableBytes) }
            forbidden |= header & 0x80
            nri = max(nri, header & 0x60)
            offset += 2 + unit.readableBytes
        }
        guard !nalUnits.isEmpty else { throw .badAggregationUnit(at: 1, size: 0) }
        buffer.reserveCapacity(minimumWritableBytes: offset)
        buffer.writeInteger(forbidden | nri | stapAType)
        for unit in nalUnits {
            buffer.writeInteger(UInt16(unit.readableBytes))
            buffer.writeImmutableBuffer(unit)
        }
    }

    /// Appends an FU-A fragment of the NAL unit whose header byte is
    /// `nalHeader`: the FU indicator (its F and NRI, type 28), the FU header
    /// (S, E, its type) and `fragment` (the NAL unit's bytes after its
    /// header, or a piece of them).
    public static func writeFUA(
        nalHeader: UInt8, isStart: Bool, isEnd: Bool, fragment: ByteBuffer, into buffer: inout ByteBuffer
    ) {
        buffer.reserveCapacity(minimumWritableBytes: 2 + fragment.readableBytes)
        buffer.writeInteger((nalHeader & 0xE0) | fuAType)
        buffer.writeInteger((isStart ? 0x80 : 0) | (isEnd ? 0x40 : 0) | (nalHeader & 0x1F))
        buffer.writeImmutableBuffer(fragment)
    }
}
