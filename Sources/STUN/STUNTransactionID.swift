import NIOCore

/// The 96-bit transaction ID of a STUN message (RFC 8489 §5), held as two
/// integers so it is a plain value: no array, no allocation.
public struct STUNTransactionID: Sendable, Hashable {
    /// Bytes 0..<4 of the ID, big-endian.
    public var upper: UInt32
    /// Bytes 4..<12 of the ID, big-endian.
    public var lower: UInt64

    /// An ID from its two halves, in wire (big-endian) order.
    public init(upper: UInt32, lower: UInt64) {
        self.upper = upper
        self.lower = lower
    }

    /// An ID from exactly 12 bytes; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var upper: UInt32 = 0
        var lower: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 4 {
                upper = upper << 8 | UInt32(byte)
            } else {
                lower = lower << 8 | UInt64(byte)
            }
        }
        self.init(upper: upper, lower: lower)
    }

    /// A random ID; RFC 8489 §6 wants it uniformly random.
    public static func random<R: RandomNumberGenerator>(using generator: inout R) -> STUNTransactionID {
        STUNTransactionID(upper: UInt32.random(in: .min ... .max, using: &generator),
                          lower: UInt64.random(in: .min ... .max, using: &generator))
    }

    /// A random ID from the system generator.
    public static func random() -> STUNTransactionID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The 12 bytes in wire order.
    public var bytes: [UInt8] {
        (0..<12).map { byte(at: $0) }
    }

    /// Byte `index` (0..<12) in wire order, without building an array.
    @inlinable
    public func byte(at index: Int) -> UInt8 {
        index < 4
            ? UInt8(truncatingIfNeeded: upper >> (8 * (3 - index)))
            : UInt8(truncatingIfNeeded: lower >> (8 * (11 - index)))
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(upper)
        buffer.writeInteger(lower)
    }
}

extension STUNTransactionID: CustomStringConvertible {
    /// 24 lower-case hex digits.
    public var description: String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for index in 0..<12 {
            let byte = byte(at: index)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
