import NIOCore

/// Walks the packets of a compound RTCP datagram without allocating: each
/// step checks one header (version, length, padding) and yields it with
/// the body's byte range; parse only the packets you care about.
///
/// ```swift
/// var packets = RTCPPacketIterator(datagram)
/// while let item = try packets.next() {
///     if item.header.packetType == .receiverReport { ... packets.body(of: item) ... }
/// }
/// ```
///
/// Reduced-size RTCP (RFC 5506) is fine: no first-packet rule is applied.
/// After an error the iterator is finished.
public struct RTCPPacketIterator: Sendable {
    /// One packet of the compound.
    public struct Element: Sendable, Hashable {
        /// The packet's header.
        public var header: RTCPHeader
        /// Indices of the body in the iterated buffer (header and padding
        /// excluded), for `ByteBuffer.getInteger(at:)` and `getSlice(at:length:)`.
        public var bodyRange: Range<Int>
        /// Offset of the packet's first byte from the start of the compound.
        public var offset: Int
    }

    /// The buffer iterated over; `bodyRange` indexes into it.
    public let buffer: ByteBuffer
    private var index: Int
    private let end: Int

    /// Iterates over the readable bytes of `buffer`.
    public init(_ buffer: ByteBuffer) {
        self.buffer = buffer
        self.index = buffer.readerIndex
        self.end = buffer.writerIndex
    }

    /// The next packet, nil at the end of the compound.
    public mutating func next() throws(RTCPError) -> Element? {
        guard index < end else { return nil }
        do {
            let (header, body, next) = try RTCPHeader.readPacket(
                in: buffer, at: index, end: end, origin: buffer.readerIndex)
            let element = Element(header: header, bodyRange: body.index..<body.end, offset: index - buffer.readerIndex)
            index = next
            return element
        } catch {
            index = end
            throw error
        }
    }

    /// The body of `element` as a slice of the buffer (no copy).
    public func body(of element: Element) -> ByteBuffer {
        buffer.getSlice(at: element.bodyRange.lowerBound, length: element.bodyRange.count) ?? ByteBuffer()
    }

    /// Parses `element` into a typed packet.
    public func packet(_ element: Element) throws(RTCPError) -> RTCPPacket {
        var body = RTCPReader(
            buffer: buffer, range: element.bodyRange, origin: buffer.readerIndex, packetOffset: element.offset)
        return try RTCPPacket(header: element.header, body: &body)
    }
}
