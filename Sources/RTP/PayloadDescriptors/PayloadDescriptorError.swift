import NIOCore

/// Why a codec payload descriptor or payload header could not be parsed or
/// written. Offsets are relative to the payload's first byte.
public enum PayloadDescriptorError: Error, Sendable, Hashable {
    /// A field starting at offset `at` needs `need` bytes, more than the
    /// payload holds from there.
    case truncated(at: Int, need: Int)
    /// VP9 flexible mode: the P_DIFF at `at` announces a fourth reference
    /// (N bit set on the third), more than RFC 9628 §4.2 allows.
    case tooManyReferenceDifferences(at: Int)
    /// H.264: a NAL unit type this packetization mode does not carry: 0,
    /// 25-27 and 29 (interleaved mode only), 30-31 (reserved) (RFC 6184 §5.2).
    case unsupportedNALUnitType(UInt8)
    /// H.264 STAP-A: the aggregation unit at `at` has size 0, or (when
    /// writing) a NAL unit is empty or longer than 65535 bytes.
    case badAggregationUnit(at: Int, size: Int)
}

extension ByteBuffer {
    /// The byte at `offset` from the reader index, or a truncation error.
    @inline(__always)
    func descriptorByte(at offset: Int) throws(PayloadDescriptorError) -> UInt8 {
        guard let byte = getInteger(at: readerIndex + offset, as: UInt8.self), offset < readableBytes else {
            throw .truncated(at: offset, need: 1)
        }
        return byte
    }

    /// The 16-bit big-endian value at `offset` from the reader index.
    @inline(__always)
    func descriptorUInt16(at offset: Int) throws(PayloadDescriptorError) -> UInt16 {
        guard offset + 2 <= readableBytes, let value = getInteger(at: readerIndex + offset, as: UInt16.self) else {
            throw .truncated(at: offset, need: 2)
        }
        return value
    }
}
