import NIOCore

/// Writes packets into an ICE-TCP stream (RFC 4571 §2): a 16-bit length,
/// then the packet.
public enum ICETCPFrameEncoder {
    /// The frame of `packet`, or nil when it is empty or longer than
    /// RFC 4571's 65535 bytes (neither can be framed).
    public static func frame(_ packet: ByteBuffer, allocator: ByteBufferAllocator = ByteBufferAllocator())
        -> ByteBuffer?
    {
        let length = packet.readableBytes
        guard length > 0, length <= ICETCPFrameDecoder.largestFrameLength else { return nil }
        var frame = allocator.buffer(capacity: ICETCPFrameDecoder.headerLength + length)
        frame.writeInteger(UInt16(length))
        var body = packet
        frame.writeBuffer(&body)
        return frame
    }
}
