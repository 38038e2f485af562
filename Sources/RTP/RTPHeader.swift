import NIOCore

/// A parsed RTP header (RFC 3550 §5.1) with the layout of its packet.
///
/// Parsing reads the fixed fields and records where the CSRCs, the header
/// extension, the payload and the padding lie; it copies nothing. All
/// offsets (`extensionRange`, `payloadRange`, element value ranges) are
/// relative to the packet's first byte, which is the `readerIndex` of the
/// buffer that was parsed. Every accessor and rewrite that takes a buffer
/// expects that buffer (or a byte copy of it) with the packet at its
/// `readerIndex`. Rewrites write in place and keep this value in step.
public struct RTPHeader: Sendable, Hashable {
    /// Bytes of the fixed header (V to SSRC).
    public static let fixedLength = 12

    /// The marker bit (M).
    public internal(set) var marker: Bool
    /// The 7-bit payload type (PT).
    public internal(set) var payloadType: UInt8
    /// The sequence number.
    public internal(set) var sequenceNumber: UInt16
    /// The RTP timestamp.
    public internal(set) var timestamp: UInt32
    /// The synchronization source.
    public internal(set) var ssrc: UInt32
    /// Number of contributing sources (CC, 0-15); read them with `csrc(at:in:)`.
    public let csrcCount: Int
    /// The header extension's profile field, or nil when the X bit is clear.
    public let extensionProfile: RTPHeaderExtensionProfile?
    /// Where the extension data lies (after its 4-byte header); empty
    /// when there is no extension.
    public let extensionRange: Range<Int>
    /// Where the payload lies, without padding.
    public let payloadRange: Range<Int>
    /// Padding bytes at the end, including the count byte; 0 when the P bit
    /// is clear.
    public let paddingLength: Int

    /// Whether the P bit is set (a valid count is then at least 1).
    public var hasPadding: Bool { paddingLength > 0 }
    /// Whether the X bit is set.
    public var hasExtension: Bool { extensionProfile != nil }
    /// Bytes before the payload: fixed header, CSRCs and extension.
    public var headerLength: Int { payloadRange.lowerBound }
    /// Bytes of the whole packet, padding included.
    public var packetLength: Int { payloadRange.upperBound + paddingLength }

    /// Parses the RTP packet that fills `buffer`'s readable bytes, starting
    /// at its `readerIndex`. RFC 8285 elements are checked to lie inside
    /// the extension, so later lookups and iteration need no error path.
    public init(parsing buffer: ByteBuffer) throws(RTPError) {
        let base = buffer.readerIndex
        let length = buffer.readableBytes
        guard length >= Self.fixedLength,
            let first = buffer.getInteger(at: base, as: UInt32.self),
            let timestamp = buffer.getInteger(at: base + 4, as: UInt32.self),
            let ssrc = buffer.getInteger(at: base + 8, as: UInt32.self)
        else { throw .truncated(at: 0, need: Self.fixedLength) }

        let version = UInt8(truncatingIfNeeded: first >> 30)
        guard version == 2 else { throw .badVersion(version) }
        let hasPadding = first & 0x2000_0000 != 0
        let hasExtension = first & 0x1000_0000 != 0
        let csrcCount = Int((first >> 24) & 0x0F)
        self.marker = first & 0x0080_0000 != 0
        self.payloadType = UInt8(truncatingIfNeeded: (first >> 16) & 0x7F)
        self.sequenceNumber = UInt16(truncatingIfNeeded: first)
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcCount = csrcCount

        var offset = Self.fixedLength + 4 * csrcCount
        guard offset <= length else { throw .truncated(at: Self.fixedLength, need: 4 * csrcCount) }

        if hasExtension {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words.
            guard offset + 4 <= length,
                let profileField = buffer.getInteger(at: base + offset, as: UInt16.self),
                let words = buffer.getInteger(at: base + offset + 2, as: UInt16.self)
            else { throw .truncated(at: offset, need: 4) }
            let dataStart = offset + 4
            let dataLength = Int(words) * 4
            guard dataStart + dataLength <= length else { throw .truncated(at: dataStart, need: dataLength) }
            let profile = RTPHeaderExtensionProfile(rawValue: profileField)
            self.extensionProfile = profile
            self.extensionRange = dataStart..<(dataStart + dataLength)
            if profile.hasElements {
                try RTPHeaderExtensionElements.validate(
                    buffer, base: base, range: extensionRange, oneByte: profile.isOneByte)
            }
            offset = dataStart + dataLength
        } else {
            self.extensionProfile = nil
            self.extensionRange = offset..<offset
        }

        var paddingLength = 0
        if hasPadding {
            // RFC 3550 §5.1: the last byte counts the padding, itself included.
            let available = length - offset
            guard let count = buffer.getInteger(at: base + length - 1, as: UInt8.self),
                count >= 1, Int(count) <= available
            else {
                let count = buffer.getInteger(at: base + length - 1, as: UInt8.self) ?? 0
                throw .badPadding(count: count, available: available)
            }
            paddingLength = Int(count)
        }
        self.paddingLength = paddingLength
        self.payloadRange = offset..<(length - paddingLength)
    }

    /// Parses an RTP packet from raw bytes (for tests and tools; copies them).
    public init(parsing bytes: some Sequence<UInt8>) throws(RTPError) {
        try self.init(parsing: ByteBuffer(bytes: bytes))
    }

    /// The CSRC at `index` (0..<csrcCount), or nil when out of range.
    public func csrc(at index: Int, in buffer: ByteBuffer) -> UInt32? {
        guard index >= 0, index < csrcCount else { return nil }
        return buffer.getInteger(at: buffer.readerIndex + Self.fixedLength + 4 * index, as: UInt32.self)
    }

    /// The payload as a slice of `buffer`: shares its storage, no copy.
    public func payload(in buffer: ByteBuffer) -> ByteBuffer? {
        buffer.getSlice(at: buffer.readerIndex + payloadRange.lowerBound, length: payloadRange.count)
    }

    /// The absolute index in `buffer` of the payload's first byte, for the
    /// payload descriptors' in-place rewrites.
    public func payloadIndex(in buffer: ByteBuffer) -> Int {
        buffer.readerIndex + payloadRange.lowerBound
    }
}
