import NIOCore

/// The value of one RFC 8285 header extension element of a known type
/// (audio level, transport-wide sequence number, ...). Generic use
/// (`RTPHeader.extensionValue(_:id:in:)`) is specialized, not boxed.
public protocol RTPHeaderExtensionValue: Sendable, Hashable {
    /// Decodes the value from `value`'s readable bytes (the element's data).
    init(parsing value: ByteBuffer) throws(RTPError)
    /// Bytes of the encoded value.
    var encodedLength: Int { get }
    /// Writes the encoded value at absolute `index` without moving indices.
    func set(at index: Int, in buffer: inout ByteBuffer)
}

extension RTPHeaderExtensionValue {
    /// Appends the encoded value at `buffer`'s writerIndex.
    public func write(into buffer: inout ByteBuffer) {
        let length = encodedLength
        buffer.reserveCapacity(minimumWritableBytes: length)
        set(at: buffer.writerIndex, in: &buffer)
        buffer.moveWriterIndex(forwardBy: length)
    }

    /// The encoded value as an element with `id`, for `RTPPacketFields`.
    public func element(id: UInt8) -> RTPHeaderExtensionElement {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return RTPHeaderExtensionElement(id: id, value: Array(buffer.readableBytesView))
    }

    /// Parses a value of exactly `expected` bytes; returns the first index.
    static func checkLength(_ value: ByteBuffer, _ expected: ClosedRange<Int>) throws(RTPError) -> Int {
        guard expected.contains(value.readableBytes) else {
            throw .badExtensionValueLength(expected: expected, got: value.readableBytes)
        }
        return value.readerIndex
    }
}
