import NIOCore

/// One Ogg page (RFC 3533 §6) being assembled from whole packets.
public struct OggPage: Sendable, Equatable {
    /// header_type_flag bits.
    public struct Flags: OptionSet, Sendable, Equatable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let continued = Flags(rawValue: 0x01)
        public static let beginningOfStream = Flags(rawValue: 0x02)
        public static let endOfStream = Flags(rawValue: 0x04)
    }

    /// A page holds at most 255 lacing values.
    public static let maximumSegments = 255
    /// The largest packet that fits one page: 255 segments, the last below 255.
    public static let maximumPacketLength = 255 * 254 + 254

    public var flags: Flags
    public var granulePosition: Int64
    public var serialNumber: UInt32
    public var sequenceNumber: UInt32
    public private(set) var lacing: [UInt8] = []
    public private(set) var body: [UInt8] = []

    public init(flags: Flags = [], granulePosition: Int64 = 0, serialNumber: UInt32, sequenceNumber: UInt32) {
        self.flags = flags
        self.granulePosition = granulePosition
        self.serialNumber = serialNumber
        self.sequenceNumber = sequenceNumber
    }

    /// Lacing values a packet of `length` bytes needs: 255s then the remainder (0 if a multiple of 255).
    public static func segmentCount(forPacketLength length: Int) -> Int { length / 255 + 1 }

    /// Whether a packet of `length` bytes still fits on this page.
    public func canAppend(packetLength length: Int) -> Bool {
        lacing.count + Self.segmentCount(forPacketLength: length) <= Self.maximumSegments
    }

    /// Number of packets ending on this page.
    public var packetCount: Int { lacing.reduce(0) { $0 + ($1 < 255 ? 1 : 0) } }

    /// Adds a whole packet; the caller checks `canAppend` first.
    public mutating func append(packet: some Collection<UInt8>) {
        var remaining = packet.count
        while remaining >= 255 {
            lacing.append(255)
            remaining -= 255
        }
        lacing.append(UInt8(remaining))
        body.append(contentsOf: packet)
    }

    /// Writes the page with its checksum.
    public func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeString("OggS")
        buffer.writeInteger(UInt8(0))  // stream_structure_version
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(granulePosition, endianness: .little)
        buffer.writeInteger(serialNumber, endianness: .little)
        buffer.writeInteger(sequenceNumber, endianness: .little)
        let crcIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))  // checksum, computed with this field zero
        buffer.writeInteger(UInt8(lacing.count))
        buffer.writeBytes(lacing)
        buffer.writeBytes(body)
        let pageStart = start - buffer.readerIndex
        let crc = buffer.withUnsafeReadableBytes { bytes in
            OggCRC.checksum(bytes[pageStart...])
        }
        buffer.setInteger(crc, at: crcIndex, endianness: .little)
    }
}
