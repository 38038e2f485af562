import NIOCore

/// A ChannelData message (RFC 8656 §12.4): a 2-byte channel number
/// (0x4000-0x7FFF, see `validChannelNumbers`), a 2-byte length of the application data, then the
/// data. Over TCP and TLS the frame is padded to a multiple of 4 bytes
/// (§12.5); over UDP padding is optional and not counted by the length.
public struct TURNChannelData: Sendable, Hashable {
    /// The numbers a client may bind: RFC 8656 §12 narrowed them to
    /// 0x4000-0x4FFF, but clients of RFC 5766 (coturn's turnutils among them)
    /// still pick up to 0x7FFF, and coturn takes them; on a TURN port nothing
    /// else starts with 0x5 to 0x7, so they are taken here too.
    public static let validChannelNumbers: ClosedRange<UInt16> = 0x4000...0x7FFF
    /// Size of the channel number and length fields.
    public static let headerSize = 4

    public var channelNumber: UInt16
    public var data: ByteBuffer

    public init(channelNumber: UInt16, data: ByteBuffer) {
        self.channelNumber = channelNumber
        self.data = data
    }

    /// Parses one ChannelData message from the readable bytes of `buffer`.
    /// Bytes after the declared length (UDP padding) are ignored; a length
    /// longer than what follows is an error (RFC 8656 §12.6: discard).
    /// `data` is a slice of `buffer`, not a copy.
    public init(parsing buffer: ByteBuffer) throws(TURNError) {
        let start = buffer.readerIndex
        guard let channel = buffer.getInteger(at: start, as: UInt16.self),
            let length = buffer.getInteger(at: start + 2, as: UInt16.self)
        else { throw .truncated(at: 0, need: Self.headerSize) }
        guard Self.validChannelNumbers.contains(channel) else { throw .badChannelNumber(channel) }
        let available = buffer.readableBytes - Self.headerSize
        guard Int(length) <= available, let data = buffer.getSlice(at: start + Self.headerSize, length: Int(length))
        else { throw .lengthOverrun(declared: Int(length), available: available) }
        self.init(channelNumber: channel, data: data)
    }

    /// Parses one ChannelData message from `bytes`.
    public init(parsing bytes: some Collection<UInt8>) throws(TURNError) {
        try self.init(parsing: ByteBuffer(bytes: bytes))
    }

    /// Writes the frame; `padded` rounds it up to a multiple of 4 with
    /// zeros, as TCP and TLS need (RFC 8656 §12.5). Data longer than
    /// 65,535 bytes does not fit the length field and is cut there.
    public func write(into buffer: inout ByteBuffer, padded: Bool = false) {
        let length = min(data.readableBytes, Int(UInt16.max))
        buffer.writeInteger(channelNumber)
        buffer.writeInteger(UInt16(length))
        buffer.writeImmutableBuffer(data.getSlice(at: data.readerIndex, length: length) ?? data)
        if padded {
            buffer.writeRepeatingByte(0, count: (4 - length % 4) % 4)
        }
    }

    /// The frame written into a new buffer.
    public func serialized(padded: Bool = false) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.headerSize + data.readableBytes + 3)
        write(into: &buffer, padded: padded)
        return buffer
    }

    /// Whether `firstByte` starts a ChannelData message rather than STUN
    /// (0x40-0x7F: the channel numbers taken, `validChannelNumbers`).
    public static func isChannelData(firstByte: UInt8) -> Bool {
        (0x40...0x7F).contains(firstByte)
    }
}
