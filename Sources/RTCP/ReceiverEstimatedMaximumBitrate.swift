import NIOCore

/// REMB: the receiver's estimate of the total bitrate the listed streams
/// may use (draft-alvestrand-rmcat-remb-03 §2.2, PT 206 FMT 15 with the
/// "REMB" identifier).
public struct ReceiverEstimatedMaximumBitrate: Sendable, Hashable {
    /// The FMT of application-layer feedback, which REMB is.
    public static let format: UInt8 = 15
    /// "REMB" in ASCII, the identifier after the two SSRCs.
    public static let identifier: UInt32 = 0x5245_4D42
    /// Largest mantissa: 18 bits.
    public static let maxMantissa: UInt32 = (1 << 18) - 1
    /// SSRCs one REMB can name: the count field is 8 bits (§2.2).
    public static let maxSSRCs = 255

    /// SSRC of the packet's sender.
    public var senderSSRC: UInt32
    /// Media source field, always 0 for REMB.
    public var mediaSSRC: UInt32
    /// 6-bit exponent of the bitrate.
    public var exponent: UInt8
    /// 18-bit mantissa of the bitrate.
    public var mantissa: UInt32
    /// SSRCs the estimate applies to; only the first `maxSSRCs` are written.
    public var ssrcs: [UInt32]

    /// A REMB with the exact wire fields.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, exponent: UInt8, mantissa: UInt32, ssrcs: [UInt32]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.exponent = exponent
        self.mantissa = mantissa
        self.ssrcs = ssrcs
    }

    /// A REMB carrying the largest representable bitrate not above `bitrate`.
    public init(senderSSRC: UInt32, bitrate: UInt64, ssrcs: [UInt32]) {
        let (exponent, mantissa) = Self.encode(bitrate: bitrate)
        self.init(senderSSRC: senderSSRC, exponent: exponent, mantissa: mantissa, ssrcs: ssrcs)
    }

    /// The bitrate in bits per second (mantissa << exponent), saturating at
    /// `UInt64.max` for exponents a real sender never uses.
    public var bitrate: UInt64 {
        get {
            let mantissa = UInt64(mantissa)
            guard mantissa != 0 else { return 0 }
            guard Int(exponent) < 64, mantissa <= UInt64.max >> exponent else { return .max }
            return mantissa << exponent
        }
        set {
            (exponent, mantissa) = Self.encode(bitrate: newValue)
        }
    }

    /// Exponent and mantissa of the largest value `m << e` not above
    /// `bitrate`: the top 18 significant bits, truncated (error below 2^-17).
    public static func encode(bitrate: UInt64) -> (exponent: UInt8, mantissa: UInt32) {
        let bits = UInt64.bitWidth - bitrate.leadingZeroBitCount
        let exponent = max(0, bits - 18)
        return (UInt8(exponent), UInt32(truncatingIfNeeded: bitrate >> exponent))
    }

    /// Reads one REMB packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .payloadFeedback) { header, body throws(RTCPError) in
            try ReceiverEstimatedMaximumBitrate(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard header.count == Self.format else { throw .unexpectedFormat(header.count) }
        guard body.remaining >= 16 else { throw .lengthMismatch(at: body.packetOffset) }
        senderSSRC = try body.read(UInt32.self)
        mediaSSRC = try body.read(UInt32.self)
        guard try body.read(UInt32.self) == Self.identifier else { throw .badREMBIdentifier }
        let count = Int(try body.read(UInt8.self))
        let packed = try body.readUInt24()
        exponent = UInt8(truncatingIfNeeded: packed >> 18)
        mantissa = packed & Self.maxMantissa
        guard body.remaining == 4 * count else { throw .lengthMismatch(at: body.packetOffset) }
        ssrcs = []
        ssrcs.reserveCapacity(count)
        for _ in 0..<count {
            ssrcs.append(try body.read(UInt32.self))
        }
    }

    /// The SSRCs written: a longer list is cut, not trapped on, because a
    /// peer chooses how many streams it has.
    private var writtenSSRCs: ArraySlice<UInt32> {
        ssrcs.prefix(Self.maxSSRCs)
    }

    private var bodySize: Int {
        16 + 4 * writtenSSRCs.count
    }

    /// Writes the packet, header included. Only the first 255 SSRCs are
    /// written; `exponent` and `mantissa` are masked to 6 and 18 bits.
    public func write(into buffer: inout ByteBuffer) {
        let written = writtenSSRCs
        RTCPHeader.write(into: &buffer, type: .payloadFeedback, count: Int(Self.format), bodySize: bodySize)
        buffer.writeInteger(senderSSRC)
        buffer.writeInteger(mediaSSRC)
        buffer.writeInteger(Self.identifier)
        buffer.writeInteger(UInt8(written.count))
        buffer.writeUInt24(UInt32(exponent & 0x3F) << 18 | mantissa & Self.maxMantissa)
        for ssrc in written {
            buffer.writeInteger(ssrc)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
