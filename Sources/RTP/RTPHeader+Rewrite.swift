import NIOCore

// In-place rewrites for the forwarder: each writes the field's bytes into
// the buffer holding the packet (at its readerIndex) and updates this
// header. Nothing else moves; the payload is untouched. When `buffer` is
// uniquely referenced no copy happens (ByteBuffer is copy-on-write).
extension RTPHeader {
    /// Rewrites the SSRC (bytes 8-11).
    public mutating func setSSRC(_ value: UInt32, in buffer: inout ByteBuffer) {
        buffer.setInteger(value, at: buffer.readerIndex + 8)
        ssrc = value
    }

    /// Rewrites the sequence number (bytes 2-3).
    public mutating func setSequenceNumber(_ value: UInt16, in buffer: inout ByteBuffer) {
        buffer.setInteger(value, at: buffer.readerIndex + 2)
        sequenceNumber = value
    }

    /// Rewrites the timestamp (bytes 4-7).
    public mutating func setTimestamp(_ value: UInt32, in buffer: inout ByteBuffer) {
        buffer.setInteger(value, at: buffer.readerIndex + 4)
        timestamp = value
    }

    /// Rewrites the payload type (low 7 bits of byte 1; the marker stays).
    /// Only the low 7 bits of `value` are used.
    public mutating func setPayloadType(_ value: UInt8, in buffer: inout ByteBuffer) {
        payloadType = value & 0x7F
        writeSecondByte(in: &buffer)
    }

    /// Rewrites the marker bit (high bit of byte 1; the payload type stays).
    public mutating func setMarker(_ value: Bool, in buffer: inout ByteBuffer) {
        marker = value
        writeSecondByte(in: &buffer)
    }

    private func writeSecondByte(in buffer: inout ByteBuffer) {
        buffer.setInteger((marker ? 0x80 : 0) | payloadType, at: buffer.readerIndex + 1)
    }
}
