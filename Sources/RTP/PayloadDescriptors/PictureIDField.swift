import NIOCore

/// The picture ID field VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) share:
/// 7 bits, or 15 bits behind the M bit.
enum PictureIDField {
    /// Writes `value` at `index` in the field's existing width, wrapping it
    /// to 7 or 15 bits; returns the value written.
    static func write(_ value: UInt16, long: Bool, at index: Int, in buffer: inout ByteBuffer) -> UInt16 {
        let wrapped = value & (long ? 0x7FFF : 0x7F)
        if long {
            buffer.setInteger(0x8000 | wrapped, at: index)
        } else {
            buffer.setInteger(UInt8(wrapped), at: index)
        }
        return wrapped
    }
}
