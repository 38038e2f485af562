import NIOCore

/// One load-test data message: a marker, the sender's sequence number and
/// its send time on this process's monotonic clock (every bot of a load
/// test shares it, so latency needs no clock sync), zero-padded to the
/// configured size.
struct DataLoadMessage: Equatable {
    /// "SBDL": a message of ours, not a stray one.
    static let marker: UInt32 = 0x5342_444C
    static let headerBytes = 20

    var sequence: UInt64
    var sentAtUptimeNanoseconds: UInt64

    /// The message as sent: at least the header, `size` bytes in all.
    func encoded(size: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(max(size, Self.headerBytes))
        buffer.writeInteger(Self.marker)
        buffer.writeInteger(sequence)
        buffer.writeInteger(sentAtUptimeNanoseconds)
        if size > Self.headerBytes { buffer.writeRepeatingByte(0, count: size - Self.headerBytes) }
        return buffer
    }

    init(sequence: UInt64, sentAtUptimeNanoseconds: UInt64) {
        self.sequence = sequence
        self.sentAtUptimeNanoseconds = sentAtUptimeNanoseconds
    }

    /// Nil for anything that is not one of ours.
    init?(parsing buffer: ByteBuffer) {
        guard buffer.readableBytes >= Self.headerBytes,
            buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) == Self.marker,
            let sequence = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt64.self),
            let sent = buffer.getInteger(at: buffer.readerIndex + 12, as: UInt64.self)
        else { return nil }
        self.init(sequence: sequence, sentAtUptimeNanoseconds: sent)
    }
}
