import NIOCore

/// abs-send-time (webrtc.googlesource.com, "Absolute Send Time"): 24 bits,
/// the send time in seconds as 6.18 fixed point, wrapping every 64 s.
/// URI `http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time`.
public struct AbsoluteSendTimeExtension: RTPHeaderExtensionValue {
    public static let uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"

    /// The 24-bit 6.18 fixed-point value (only the low 24 bits are written).
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue & 0x00FF_FFFF
    }

    /// The value for a time in nanoseconds (of any epoch; only its value
    /// modulo 64 s matters).
    public init(nanoseconds: UInt64) {
        let window: UInt64 = 64 * 1_000_000_000
        // (ns mod 64 s) < 2^36, so shifting by 18 stays below 2^54.
        let fraction = ((nanoseconds % window) << 18) / 1_000_000_000
        self.init(rawValue: UInt32(truncatingIfNeeded: fraction))
    }

    /// The time within the 64-second window, in nanoseconds.
    public var nanoseconds: UInt64 {
        (UInt64(rawValue) * 1_000_000_000) >> 18
    }

    public init(parsing value: ByteBuffer) throws(RTPError) {
        let index = try Self.checkLength(value, 3...3)
        let high = UInt32(value.getInteger(at: index, as: UInt8.self) ?? 0)
        let low = UInt32(value.getInteger(at: index + 1, as: UInt16.self) ?? 0)
        self.init(rawValue: high << 16 | low)
    }

    public var encodedLength: Int { 3 }

    public func set(at index: Int, in buffer: inout ByteBuffer) {
        buffer.setInteger(UInt8(truncatingIfNeeded: rawValue >> 16), at: index)
        buffer.setInteger(UInt16(truncatingIfNeeded: rawValue), at: index + 1)
    }
}
