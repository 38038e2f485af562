import NIOCore

/// Big-endian reads over a byte buffer that throw `SCTPError.truncated`
/// with the offset from the start of the input, instead of returning nil.
struct SCTPReader {
    private(set) var buffer: ByteBuffer
    /// Offset of `buffer`'s reader index within the original input.
    private let base: Int

    init(_ buffer: ByteBuffer, base: Int = 0) {
        self.buffer = buffer
        self.base = base - buffer.readerIndex
    }

    /// Bytes from the start of the original input to the next read.
    var offset: Int { base + buffer.readerIndex }
    var remaining: Int { buffer.readableBytes }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(SCTPError) -> T {
        guard let value = buffer.readInteger(as: T.self) else {
            throw .truncated(at: offset, need: MemoryLayout<T>.size)
        }
        return value
    }

    mutating func slice(_ count: Int) throws(SCTPError) -> ByteBuffer {
        guard count >= 0, let value = buffer.readSlice(length: count) else {
            throw .truncated(at: offset, need: count)
        }
        return value
    }

    mutating func bytes(_ count: Int) throws(SCTPError) -> [UInt8] {
        guard count >= 0, let value = buffer.readBytes(length: count) else {
            throw .truncated(at: offset, need: count)
        }
        return value
    }

    /// Skips up to three bytes of padding to the next multiple of 4 (a
    /// last chunk or parameter may come unpadded).
    mutating func skipPadding(after length: Int) {
        let padding = (4 - length % 4) % 4
        buffer.moveReaderIndex(forwardBy: min(padding, buffer.readableBytes))
    }
}

extension ByteBuffer {
    /// Writes zero bytes up to the next multiple of 4 after `length` bytes.
    mutating func writeSCTPPadding(after length: Int) {
        let padding = (4 - length % 4) % 4
        if padding > 0 { writeRepeatingByte(0, count: padding) }
    }
}
