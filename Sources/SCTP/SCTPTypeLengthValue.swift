import NIOCore

/// The type-length-value layout that INIT parameters and error causes share
/// (RFC 9260 §3.2.1, §3.3.10): a 16-bit type, a 16-bit length counting the
/// 4-byte header, the value, padding to 4 bytes.
struct SCTPTypeLengthValue {
    var type: UInt16
    var value: ByteBuffer

    /// Items until the end of the reader; at most `limit` of them, so a
    /// chunk of thousands of tiny parameters is refused, not walked.
    static func readAll(from reader: inout SCTPReader, limit: Int) throws(SCTPError) -> [SCTPTypeLengthValue] {
        var items: [SCTPTypeLengthValue] = []
        while reader.remaining >= 4 {
            guard items.count < limit else { throw .badLength(at: reader.offset, length: reader.remaining) }
            let start = reader.offset
            let type: UInt16 = try reader.read()
            let length = Int(try reader.read(UInt16.self))
            guard length >= 4, length - 4 <= reader.remaining else { throw .badLength(at: start, length: length) }
            items.append(SCTPTypeLengthValue(type: type, value: try reader.slice(length - 4)))
            reader.skipPadding(after: length)
        }
        return items
    }

    /// `padded` is false for the last item of a chunk, whose padding the
    /// chunk length leaves out (RFC 9260 §3.2).
    static func write(type: UInt16, value: ByteBuffer, into buffer: inout ByteBuffer, padded: Bool) {
        buffer.writeInteger(type)
        buffer.writeInteger(UInt16(truncatingIfNeeded: 4 + value.readableBytes))
        var bytes = value
        buffer.writeBuffer(&bytes)
        if padded { buffer.writeSCTPPadding(after: 4 + value.readableBytes) }
    }
}
