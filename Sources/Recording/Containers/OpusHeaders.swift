import NIOCore

/// The Opus identification and comment headers (RFC 7845 §5.1, §5.2), used
/// as the Ogg ID/comment packets and as the WebM A_OPUS CodecPrivate.
public struct OpusHeaders: Sendable, Equatable {
    /// Output channel count (1 or 2 with mapping family 0).
    public var channels: UInt8
    /// Samples at 48 kHz to discard at the start (the encoder's lookahead; libopus uses 312).
    public var preSkip: UInt16
    /// The original input sample rate, informational only.
    public var inputSampleRate: UInt32
    /// The vendor string of OpusTags.
    public var vendor: String

    public init(channels: UInt8 = 2, preSkip: UInt16 = 312, inputSampleRate: UInt32 = 48_000, vendor: String = "switchboard") {
        self.channels = channels
        self.preSkip = preSkip
        self.inputSampleRate = inputSampleRate
        self.vendor = vendor
    }

    /// Writes the 19-byte OpusHead packet (RFC 7845 §5.1), channel mapping family 0.
    public func writeIdentification(into buffer: inout ByteBuffer) {
        buffer.writeString("OpusHead")
        buffer.writeInteger(UInt8(1))  // version
        buffer.writeInteger(channels)
        buffer.writeInteger(preSkip, endianness: .little)
        buffer.writeInteger(inputSampleRate, endianness: .little)
        buffer.writeInteger(Int16(0), endianness: .little)  // output gain
        buffer.writeInteger(UInt8(0))  // mapping family 0: mono or stereo, no table
    }

    /// Writes the OpusTags packet (RFC 7845 §5.2) with the vendor string and no comments.
    public func writeComment(into buffer: inout ByteBuffer) {
        buffer.writeString("OpusTags")
        buffer.writeInteger(UInt32(vendor.utf8.count), endianness: .little)
        buffer.writeString(vendor)
        buffer.writeInteger(UInt32(0), endianness: .little)
    }

    /// OpusHead as bytes.
    public var identificationBytes: [UInt8] {
        var buffer = ByteBuffer()
        writeIdentification(into: &buffer)
        return Array(buffer.readableBytesView)
    }
}
