/// The dimensions in a VP8 keyframe's uncompressed header (RFC 6386 §9.1).
public struct VP8KeyframeHeader: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The 2-bit scaling codes, kept but not applied.
    public var horizontalScale: UInt8
    public var verticalScale: UInt8

    /// Parses a VP8 frame; nil when it is not a keyframe or is too short.
    /// Layout: 3-byte frame tag (bit 0 clear = keyframe), start code 9d 01 2a,
    /// then 16-bit little-endian width and height (14 bits size, 2 bits scale).
    public init?(frame: some Collection<UInt8>) {
        var bytes = frame.prefix(10).makeIterator()
        var header: [UInt8] = []
        header.reserveCapacity(10)
        while let byte = bytes.next() { header.append(byte) }
        guard header.count == 10, header[0] & 0x01 == 0,
            header[3] == 0x9D, header[4] == 0x01, header[5] == 0x2A
        else { return nil }
        let widthField = UInt16(header[6]) | UInt16(header[7]) << 8
        let heightField = UInt16(header[8]) | UInt16(header[9]) << 8
        width = Int(widthField & 0x3FFF)
        height = Int(heightField & 0x3FFF)
        horizontalScale = UInt8(widthField >> 14)
        verticalScale = UInt8(heightField >> 14)
    }
}
