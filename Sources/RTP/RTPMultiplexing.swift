import NIOCore

/// Telling RTP from RTCP and from the other protocols sharing a port.
public enum RTPMultiplexing {
    /// RFC 7983 §7: a first byte of 128-191 is RTP or RTCP (20-63 DTLS,
    /// 0-3 STUN, 64-79 TURN channel).
    @inlinable
    public static func isRTPOrRTCP(firstByte: UInt8) -> Bool {
        (128...191).contains(firstByte)
    }

    /// RFC 5761 §4: with rtcp-mux, a packet whose second byte's low 7 bits
    /// (RTP's payload type) are 64-95 is RTCP (packet types 192-223).
    /// Checks the RFC 7983 first-byte range too.
    @inlinable
    public static func isRTCP(firstByte: UInt8, secondByte: UInt8) -> Bool {
        isRTPOrRTCP(firstByte: firstByte) && (64...95).contains(secondByte & 0x7F)
    }

    /// `isRTCP(firstByte:secondByte:)` on `buffer`'s first two readable
    /// bytes; false when there are fewer.
    @inlinable
    public static func isRTCP(_ buffer: ByteBuffer) -> Bool {
        guard let bytes = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return false }
        return isRTCP(firstByte: UInt8(truncatingIfNeeded: bytes >> 8), secondByte: UInt8(truncatingIfNeeded: bytes))
    }

    /// Whether `buffer` looks like RTP (not RTCP) under RFC 5761 / 7983.
    @inlinable
    public static func isRTP(_ buffer: ByteBuffer) -> Bool {
        guard let bytes = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return false }
        let first = UInt8(truncatingIfNeeded: bytes >> 8)
        return isRTPOrRTCP(firstByte: first) && !(64...95).contains(UInt8(truncatingIfNeeded: bytes) & 0x7F)
    }
}
