/// Why a frame could not be packetized into RTP payloads.
public enum PacketizationError: Error, Sendable, Hashable {
    /// The frame (or access unit) holds no bytes.
    case emptyFrame
    /// `maxPayloadSize` leaves no room for data after the payload
    /// descriptor or payload header, which needs `need` bytes at least.
    case maxPayloadSizeTooSmall(Int, need: Int)
    /// H.264: the Annex B input holds no start code (00 00 01), or a NAL
    /// unit in the list is empty.
    case noNALUnits
    /// H.264: the NAL unit at `index` (in the access unit) has a type this
    /// packetization mode cannot carry (0, 24-31; RFC 6184 §5.2), or its
    /// forbidden bit is set.
    case badNALUnit(index: Int, header: UInt8)
    /// Opus: the packet's table of contents needs `need` bytes at `at`.
    case truncatedOpusPacket(at: Int, need: Int)
    /// Opus: a code 3 packet announcing 0 frames, or more than 120 ms of
    /// audio (RFC 6716 §3.2.5).
    case badOpusFrameCount(Int)
}
