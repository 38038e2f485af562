import NIOCore

extension STUNMessage {
    /// A cheap test for the media-port demultiplexer: first byte 0...3
    /// (RFC 7983 §7), at least a header, the magic cookie, and a length
    /// field that is a multiple of 4 and matches the datagram. Reads five
    /// fields; allocates nothing.
    public static func isLikelySTUN(_ buffer: ByteBuffer) -> Bool {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self),
            let cookie = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self)
        else { return false }
        return isLikelySTUN(first: first, length: length, cookie: cookie, count: buffer.readableBytes)
    }

    /// The same test over raw bytes.
    public static func isLikelySTUN(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= headerSize else { return false }
        let length = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        let cookie = UInt32(bytes[4]) << 24 | UInt32(bytes[5]) << 16 | UInt32(bytes[6]) << 8 | UInt32(bytes[7])
        return isLikelySTUN(first: bytes[0], length: length, cookie: cookie, count: bytes.count)
    }

    /// The same test over an array of bytes.
    public static func isLikelySTUN(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isLikelySTUN($0) }
    }

    private static func isLikelySTUN(first: UInt8, length: UInt16, cookie: UInt32, count: Int) -> Bool {
        first <= 3 && cookie == magicCookie && length % 4 == 0 && Int(length) + headerSize == count
    }
}
