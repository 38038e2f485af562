import NIOCore

/// A bounds-checked cursor over one packet body inside a `ByteBuffer`.
/// Every read checks the end first and throws `truncated`; errors carry
/// offsets counted from `origin`.
struct RTCPReader {
    let buffer: ByteBuffer
    private(set) var index: Int
    let end: Int
    let origin: Int
    /// Offset of the packet's header, for errors about the packet as a whole.
    let packetOffset: Int

    init(buffer: ByteBuffer, range: Range<Int>, origin: Int, packetOffset: Int) {
        self.buffer = buffer
        self.index = range.lowerBound
        self.end = range.upperBound
        self.origin = origin
        self.packetOffset = packetOffset
    }

    /// Offset of the next byte, counted from the origin.
    var offset: Int { index - origin }
    /// Bytes left in the body.
    var remaining: Int { end - index }

    mutating func need(_ count: Int) throws(RTCPError) {
        guard count <= remaining else { throw .truncated(at: offset, need: count) }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(RTCPError) -> T {
        let size = MemoryLayout<T>.size
        try need(size)
        guard let value = buffer.getInteger(at: index, as: T.self) else {
            throw .truncated(at: offset, need: size)
        }
        index += size
        return value
    }

    mutating func readUInt24() throws(RTCPError) -> UInt32 {
        try need(3)
        let high = try read(UInt8.self)
        let low = try read(UInt16.self)
        return UInt32(high) << 16 | UInt32(low)
    }

    /// A 24-bit two's-complement value, sign-extended.
    mutating func readInt24() throws(RTCPError) -> Int32 {
        Int32(bitPattern: try readUInt24() << 8) >> 8
    }

    mutating func readSlice(_ count: Int) throws(RTCPError) -> ByteBuffer {
        try need(count)
        guard let slice = buffer.getSlice(at: index, length: count) else {
            throw .truncated(at: offset, need: count)
        }
        index += count
        return slice
    }

    mutating func readBytes(_ count: Int) throws(RTCPError) -> [UInt8] {
        try need(count)
        guard let bytes = buffer.getBytes(at: index, length: count) else {
            throw .truncated(at: offset, need: count)
        }
        index += count
        return bytes
    }

    mutating func readRest() throws(RTCPError) -> ByteBuffer {
        try readSlice(remaining)
    }

    mutating func skip(_ count: Int) throws(RTCPError) {
        try need(count)
        index += count
    }

    /// The 32-bit word `distance` bytes ahead, without moving.
    func peekUInt32(ahead distance: Int) -> UInt32? {
        guard distance >= 0, distance + 4 <= remaining else { return nil }
        return buffer.getInteger(at: index + distance, as: UInt32.self)
    }

    /// Throws `lengthMismatch` unless the body is used up.
    func expectEnd() throws(RTCPError) {
        guard remaining == 0 else { throw .lengthMismatch(at: packetOffset) }
    }
}

extension ByteBuffer {
    /// Writes the low 24 bits of `value`, big-endian.
    mutating func writeUInt24(_ value: UInt32) {
        writeInteger(UInt8(truncatingIfNeeded: value >> 16))
        writeInteger(UInt16(truncatingIfNeeded: value))
    }
}
