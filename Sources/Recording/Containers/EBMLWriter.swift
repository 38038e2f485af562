import NIOCore

/// Errors from encoding EBML (RFC 8794) elements.
public enum EBMLError: Error, Sendable, Equatable {
    /// A data size above the largest encodable one (2^56 - 2; all ones means unknown).
    case sizeTooLarge(UInt64)
    /// A requested size width outside 1...8 or too narrow for the value.
    case badSizeWidth(Int, value: UInt64)
}

/// EBML (RFC 8794) element encoding into a `ByteBuffer`. Pure, no I/O.
///
/// Element IDs are passed with their marker bits (as the Matroska spec lists
/// them, e.g. `0x1A45DFA3`) and written in as many bytes as they occupy.
public enum EBMLWriter {
    /// The 8-byte "unknown size" marker (RFC 8794 §6.2) used for the live Segment and Clusters.
    public static let unknownSize: [UInt8] = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    /// The largest size encodable in 8 bytes: the all-ones value is reserved.
    public static let maximumSize: UInt64 = (1 << 56) - 2

    /// Bytes an element ID occupies (IDs carry their own length marker).
    public static func idLength(_ id: UInt32) -> Int {
        if id <= 0xFF { return 1 }
        if id <= 0xFFFF { return 2 }
        if id <= 0xFF_FFFF { return 3 }
        return 4
    }

    /// Writes an element ID, big-endian, in its natural width.
    public static func writeID(_ id: UInt32, into buffer: inout ByteBuffer) {
        let length = idLength(id)
        for index in stride(from: length - 1, through: 0, by: -1) {
            buffer.writeInteger(UInt8(truncatingIfNeeded: id >> (8 * UInt32(index))))
        }
    }

    /// The shortest width (1-8) for a data size; a width-n size holds up to 2^(7n) - 2.
    public static func sizeLength(_ size: UInt64) -> Int? {
        for width in 1...8 where size < (UInt64(1) << (7 * UInt64(width))) - 1 { return width }
        return nil
    }

    /// Writes a data size as a VINT (RFC 8794 §4), shortest form unless `width` is given.
    public static func writeSize(_ size: UInt64, width: Int? = nil, into buffer: inout ByteBuffer) throws(EBMLError) {
        guard let shortest = sizeLength(size) else { throw .sizeTooLarge(size) }
        let length = width ?? shortest
        guard (1...8).contains(length), length >= shortest else { throw .badSizeWidth(length, value: size) }
        let marked = size | (UInt64(1) << (7 * UInt64(length)))
        for index in stride(from: length - 1, through: 0, by: -1) {
            buffer.writeInteger(UInt8(truncatingIfNeeded: marked >> (8 * UInt64(index))))
        }
    }

    /// Writes the 8-byte unknown size marker.
    public static func writeUnknownSize(into buffer: inout ByteBuffer) {
        buffer.writeBytes(unknownSize)
    }

    /// An unsigned integer element in the fewest bytes (at least one), or `width` bytes.
    public static func writeUnsigned(_ id: UInt32, _ value: UInt64, width: Int? = nil, into buffer: inout ByteBuffer) {
        var length = 1
        while length < 8, value >> (8 * UInt64(length)) != 0 { length += 1 }
        if let width, width > length, width <= 8 { length = width }
        writeID(id, into: &buffer)
        buffer.writeInteger(UInt8(0x80 | length))
        for index in stride(from: length - 1, through: 0, by: -1) {
            buffer.writeInteger(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }

    /// A signed integer element (two's complement) in the fewest bytes.
    public static func writeSigned(_ id: UInt32, _ value: Int64, into buffer: inout ByteBuffer) {
        var length = 1
        while length < 8 {
            let shift = Int64(8 * length - 1)
            if value >= -(1 << shift) && value < (1 << shift) { break }
            length += 1
        }
        writeID(id, into: &buffer)
        buffer.writeInteger(UInt8(0x80 | length))
        let bits = UInt64(bitPattern: value)
        for index in stride(from: length - 1, through: 0, by: -1) {
            buffer.writeInteger(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index))))
        }
    }

    /// A float element, always 8 bytes (binary64), so it can be patched in place.
    public static func writeFloat(_ id: UInt32, _ value: Double, into buffer: inout ByteBuffer) {
        writeID(id, into: &buffer)
        buffer.writeInteger(UInt8(0x88))
        buffer.writeInteger(value.bitPattern)
    }

    /// A string element (ASCII or UTF-8), without a terminating zero.
    public static func writeString(_ id: UInt32, _ value: String, into buffer: inout ByteBuffer) throws(EBMLError) {
        writeID(id, into: &buffer)
        try writeSize(UInt64(value.utf8.count), into: &buffer)
        buffer.writeString(value)
    }

    /// A binary element.
    public static func writeBinary(_ id: UInt32, _ bytes: some Collection<UInt8>, into buffer: inout ByteBuffer) throws(EBMLError) {
        writeID(id, into: &buffer)
        try writeSize(UInt64(bytes.count), into: &buffer)
        buffer.writeBytes(bytes)
    }

    /// A master element with a known size: its children are already encoded in `body`.
    public static func writeMaster(_ id: UInt32, body: ByteBuffer, into buffer: inout ByteBuffer) throws(EBMLError) {
        writeID(id, into: &buffer)
        try writeSize(UInt64(body.readableBytes), into: &buffer)
        buffer.writeImmutableBuffer(body)
    }

    /// A Void element (ID 0xEC) of exactly `totalLength` bytes (2...127 + 2), a placeholder to patch later.
    public static func writeVoid(totalLength: Int, into buffer: inout ByteBuffer) {
        let payload = max(0, min(totalLength - 2, 126))
        buffer.writeInteger(UInt8(0xEC))
        buffer.writeInteger(UInt8(0x80 | payload))
        buffer.writeRepeatingByte(0, count: payload)
    }
}
