import NIOCore

/// One reception report block of an SR or RR (RFC 3550 §6.4.1): how one
/// source's stream is arriving.
public struct ReceptionReport: Sendable, Hashable {
    /// Bytes of a block on the wire.
    public static let size = 24
    /// Range of the signed 24-bit cumulative loss field.
    public static let totalLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// SSRC of the source this block reports on.
    public var ssrc: UInt32
    /// Fraction lost since the last report, in 1/256.
    public var fractionLost: UInt8
    /// Cumulative packets lost (signed: duplicates can make it negative);
    /// clamped to `totalLostRange` when written, as RFC 3550 A.3 does.
    public var totalLost: Int32
    /// Extended highest sequence number received (cycles << 16 | seq).
    public var extendedHighestSequenceNumber: UInt32
    /// Interarrival jitter, in RTP timestamp units.
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received (LSR).
    public var lastSenderReport: UInt32
    /// Delay since that SR, in 1/65536 s (DLSR).
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32, fractionLost: UInt8 = 0, totalLost: Int32 = 0, extendedHighestSequenceNumber: UInt32 = 0,
        jitter: UInt32 = 0, lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.totalLost = totalLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Reads one 24-byte block from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        var reader = RTCPReader(
            buffer: buffer, range: buffer.readerIndex..<buffer.writerIndex, origin: buffer.readerIndex, packetOffset: 0)
        self = try ReceptionReport(reading: &reader)
        buffer.moveReaderIndex(forwardBy: Self.size)
    }

    init(reading reader: inout RTCPReader) throws(RTCPError) {
        try reader.need(Self.size)
        ssrc = try reader.read(UInt32.self)
        fractionLost = try reader.read(UInt8.self)
        totalLost = try reader.readInt24()
        extendedHighestSequenceNumber = try reader.read(UInt32.self)
        jitter = try reader.read(UInt32.self)
        lastSenderReport = try reader.read(UInt32.self)
        delaySinceLastSenderReport = try reader.read(UInt32.self)
    }

    /// Writes the 24-byte block.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(ssrc)
        buffer.writeInteger(fractionLost)
        let lost = min(max(totalLost, Self.totalLostRange.lowerBound), Self.totalLostRange.upperBound)
        buffer.writeUInt24(UInt32(bitPattern: lost))
        buffer.writeInteger(extendedHighestSequenceNumber)
        buffer.writeInteger(jitter)
        buffer.writeInteger(lastSenderReport)
        buffer.writeInteger(delaySinceLastSenderReport)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int { Self.size }
}

extension [ReceptionReport] {
    /// Reads `count` blocks; a body too short for them is `badReportCount`.
    init(reading reader: inout RTCPReader, count: UInt8) throws(RTCPError) {
        let count = Int(count)
        guard reader.remaining >= count * ReceptionReport.size else {
            throw .badReportCount(at: reader.packetOffset)
        }
        self = []
        reserveCapacity(count)
        for _ in 0..<count {
            append(try ReceptionReport(reading: &reader))
        }
    }
}
