import NIOCore

/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1):
/// version 2, padding bit, a 5-bit count (report count, source count or
/// feedback FMT), the packet type and the length in 32-bit words minus one.
public struct RTCPHeader: Sendable, Hashable {
    /// The only RTP/RTCP version there is.
    public static let version: UInt8 = 2
    /// Bytes in a header.
    public static let size = 4

    /// Whether the packet ends with padding whose last octet is its length.
    public var padding: Bool
    /// RC, SC or FMT, depending on the packet type (5 bits).
    public var count: UInt8
    /// The packet type.
    public var packetType: RTCPPacketType
    /// The packet's length in 32-bit words, minus one, header included.
    public var length: UInt16

    public init(padding: Bool = false, count: UInt8, packetType: RTCPPacketType, length: UInt16) {
        self.padding = padding
        self.count = count
        self.packetType = packetType
        self.length = length
    }

    /// The whole packet's size in bytes, header and padding included.
    public var packetSize: Int {
        (Int(length) + 1) * 4
    }

    /// Reads a header (only the 4 header bytes) and checks the version.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        guard let word = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            throw .truncated(at: 0, need: Self.size)
        }
        self = try Self(word: word)
        buffer.moveReaderIndex(forwardBy: Self.size)
    }

    init(word: UInt32) throws(RTCPError) {
        let version = UInt8(truncatingIfNeeded: word >> 30)
        guard version == Self.version else { throw .badVersion(version) }
        self.padding = (word >> 29) & 1 == 1
        self.count = UInt8(truncatingIfNeeded: word >> 24) & 0x1F
        self.packetType = RTCPPacketType(rawValue: UInt8(truncatingIfNeeded: word >> 16))
        self.length = UInt16(truncatingIfNeeded: word)
    }

    /// Writes the 4 header bytes.
    public func write(into buffer: inout ByteBuffer) {
        var word = UInt32(Self.version) << 30
        if padding { word |= 1 << 29 }
        word |= UInt32(count & 0x1F) << 24
        word |= UInt32(packetType.rawValue) << 16
        word |= UInt32(length)
        buffer.writeInteger(word)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int { Self.size }
}

// MARK: - Reading and writing whole packets

extension RTCPHeader {
    /// Reads the header of the packet at absolute `index` of `buffer`,
    /// checks version, length and padding, and returns the header, a reader
    /// over the body (padding excluded) and the absolute index after the
    /// packet. `origin` is the absolute index error offsets count from.
    static func readPacket(
        in buffer: ByteBuffer, at index: Int, end: Int, origin: Int
    ) throws(RTCPError) -> (header: RTCPHeader, body: RTCPReader, next: Int) {
        let at = index - origin
        guard end - index >= size, let word = buffer.getInteger(at: index, as: UInt32.self) else {
            throw .truncated(at: at, need: size)
        }
        let header = try RTCPHeader(word: word)
        let packetEnd = index + header.packetSize
        guard packetEnd <= end else { throw .lengthOverrun(at: at) }
        var bodyEnd = packetEnd
        if header.padding {
            // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
            guard let count = buffer.getInteger(at: packetEnd - 1, as: UInt8.self),
                count >= 1, Int(count) <= header.packetSize - size
            else { throw .badPadding(at: at) }
            bodyEnd -= Int(count)
        }
        let body = RTCPReader(buffer: buffer, range: (index + size)..<bodyEnd, origin: origin, packetOffset: at)
        return (header, body, packetEnd)
    }

    /// Parses one packet of the expected type from the front of `buffer`
    /// and moves the reader index past it only on success.
    static func parsePacket<T>(
        _ buffer: inout ByteBuffer,
        type: RTCPPacketType,
        _ make: (RTCPHeader, inout RTCPReader) throws(RTCPError) -> T
    ) throws(RTCPError) -> T {
        let start = buffer.readerIndex
        var (header, body, next) = try readPacket(in: buffer, at: start, end: buffer.writerIndex, origin: start)
        guard header.packetType == type else { throw .unexpectedPacketType(header.packetType) }
        let value = try make(header, &body)
        buffer.moveReaderIndex(to: next)
        return value
    }

    /// Zero bytes that pad a body of `bodySize` bytes to a 32-bit boundary.
    static func paddingSize(bodySize: Int) -> Int {
        (4 - bodySize % 4) % 4
    }

    /// Bytes of a whole packet whose body (padding excluded) is `bodySize`.
    static func packetSize(bodySize: Int) -> Int {
        size + bodySize + paddingSize(bodySize: bodySize)
    }

    /// Largest count the 5-bit field holds (reports, chunks, sources).
    static let maxCount = 31
    /// Largest body (padding included) the 16-bit length field can describe:
    /// 65535 words after the header word.
    static let maxBodySize = 4 * Int(UInt16.max)

    /// Writes the header of a packet whose body is `bodySize` bytes; a body
    /// that is not 32-bit aligned gets the padding bit, and `writePadding`
    /// must follow it. Every writer bounds its fields first (`maxCount`,
    /// `maxBodySize`); out-of-range values are clamped here rather than
    /// trapping, since they may echo what a peer sent.
    static func write(into buffer: inout ByteBuffer, type: RTCPPacketType, count: Int, bodySize: Int) {
        let words = packetSize(bodySize: min(max(bodySize, 0), maxBodySize)) / 4 - 1
        RTCPHeader(
            padding: paddingSize(bodySize: bodySize) > 0,
            count: UInt8(min(max(count, 0), maxCount)),
            packetType: type,
            length: UInt16(words)
        ).write(into: &buffer)
    }

    /// Writes the padding after a body of `bodySize` bytes, if it needs any.
    static func writePadding(into buffer: inout ByteBuffer, bodySize: Int) {
        let padding = paddingSize(bodySize: bodySize)
        guard padding > 0 else { return }
        buffer.writeRepeatingByte(0, count: padding - 1)
        buffer.writeInteger(UInt8(padding))
    }
}
