import NIOCore

/// An RTP packet as plain values, for building and writing packets (bots,
/// tests, tools). It owns arrays, so it allocates; the forwarder's hot
/// path uses `RTPHeader` / `RTPPacket` on the received bytes instead.
public struct RTPPacketFields: Sendable, Hashable {
    /// The marker bit.
    public var marker: Bool
    /// The payload type, 0-127 (only the low 7 bits are written).
    public var payloadType: UInt8
    /// The sequence number.
    public var sequenceNumber: UInt16
    /// The RTP timestamp.
    public var timestamp: UInt32
    /// The synchronization source.
    public var ssrc: UInt32
    /// Contributing sources, at most 15.
    public var csrcs: [UInt32]
    /// The header extension, nil for none (X bit clear).
    public var headerExtension: RTPHeaderExtensionBlock?
    /// The payload's readable bytes.
    public var payload: ByteBuffer
    /// Padding bytes to append, the count byte included: 0 for none (P bit
    /// clear), else 1-255. Written as zeros followed by the count.
    public var paddingLength: Int

    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        csrcs: [UInt32] = [], headerExtension: RTPHeaderExtensionBlock? = nil, payload: ByteBuffer = ByteBuffer(),
        paddingLength: Int = 0
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingLength = paddingLength
    }

    /// Copies the fields of a parsed packet out of `buffer`.
    public init(header: RTPHeader, in buffer: ByteBuffer) {
        self.init(
            marker: header.marker, payloadType: header.payloadType, sequenceNumber: header.sequenceNumber,
            timestamp: header.timestamp, ssrc: header.ssrc,
            csrcs: (0..<header.csrcCount).map { header.csrc(at: $0, in: buffer) ?? 0 },
            headerExtension: RTPHeaderExtensionBlock(header: header, in: buffer),
            payload: header.payload(in: buffer) ?? ByteBuffer(), paddingLength: header.paddingLength)
    }

    /// Parses the packet filling `buffer`'s readable bytes.
    public init(parsing buffer: ByteBuffer) throws(RTPError) {
        let header = try RTPHeader(parsing: buffer)
        self.init(header: header, in: buffer)
    }

    /// Parses a packet from raw bytes.
    public init(parsing bytes: some Sequence<UInt8>) throws(RTPError) {
        try self.init(parsing: ByteBuffer(bytes: bytes))
    }

    /// Bytes when written; throws for fields that cannot be written.
    public func encodedLength() throws(RTPError) -> Int {
        guard csrcs.count <= 15 else { throw .tooManyCSRCs(csrcs.count) }
        guard (0...255).contains(paddingLength) else { throw .badPaddingLength(paddingLength) }
        let extensionLength = try headerExtension?.encodedLength() ?? 0
        return RTPHeader.fixedLength + 4 * csrcs.count + extensionLength + payload.readableBytes + paddingLength
    }

    /// Appends the packet to `buffer`. Writes nothing when it throws.
    public func write(into buffer: inout ByteBuffer) throws(RTPError) {
        let length = try encodedLength()
        buffer.reserveCapacity(minimumWritableBytes: length)
        var first: UInt8 = 0x80 | UInt8(csrcs.count)
        if paddingLength > 0 { first |= 0x20 }
        if headerExtension != nil { first |= 0x10 }
        buffer.writeInteger(first)
        buffer.writeInteger((marker ? 0x80 : 0) | (payloadType & 0x7F))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        for csrc in csrcs { buffer.writeInteger(csrc) }
        try headerExtension?.write(into: &buffer)
        buffer.writeImmutableBuffer(payload)
        if paddingLength > 0 {
            buffer.writeRepeatingByte(0, count: paddingLength - 1)
            buffer.writeInteger(UInt8(paddingLength))
        }
    }

    /// The packet as a new buffer.
    public func encoded() throws(RTPError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try write(into: &buffer)
        return buffer
    }
}
