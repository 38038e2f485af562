import NIOCore

extension RTPHeader {
    /// The RFC 8285 elements, iterated lazily from `buffer`; empty when the
    /// packet has no extension or a profile-specific one.
    public func extensionElements(in buffer: ByteBuffer) -> RTPHeaderExtensionElements {
        let profile = extensionProfile ?? .other(0)
        return RTPHeaderExtensionElements(
            buffer: buffer, range: profile.hasElements ? extensionRange : extensionRange.lowerBound..<extensionRange.lowerBound,
            oneByte: profile.isOneByte)
    }

    /// Where the value of the first RFC 8285 element with `id` lies
    /// (relative to the packet's first byte), or nil when absent.
    public func extensionValueRange(id: UInt8, in buffer: ByteBuffer) -> Range<Int>? {
        extensionElements(in: buffer).first(id: id)?.valueRange
    }

    /// The value of the RFC 8285 element with `id` as a slice of `buffer`
    /// (no copy), or nil when absent.
    public func extensionValue(id: UInt8, in buffer: ByteBuffer) -> ByteBuffer? {
        guard let range = extensionValueRange(id: id, in: buffer) else { return nil }
        return buffer.getSlice(at: buffer.readerIndex + range.lowerBound, length: range.count)
    }

    /// The element with `id` decoded as `Value`, nil when absent; throws
    /// when present but malformed for its type.
    public func extensionValue<Value: RTPHeaderExtensionValue>(
        _ type: Value.Type, id: UInt8, in buffer: ByteBuffer
    ) throws(RTPError) -> Value? {
        guard let value = extensionValue(id: id, in: buffer) else { return nil }
        return try Value(parsing: value)
    }

    /// The data of a profile-specific (non RFC 8285) extension as a slice,
    /// or nil when there is none.
    public func profileSpecificExtensionData(in buffer: ByteBuffer) -> ByteBuffer? {
        guard case .other = extensionProfile else { return nil }
        return buffer.getSlice(at: buffer.readerIndex + extensionRange.lowerBound, length: extensionRange.count)
    }

    /// Overwrites in place the value of the element with `id`; `bytes` must
    /// have the element's present length.
    public func setExtensionValue(
        id: UInt8, to bytes: some Collection<UInt8>, in buffer: inout ByteBuffer
    ) throws(RTPError) {
        let range = try existingExtensionValueRange(id: id, in: buffer)
        guard bytes.count == range.count else {
            throw .extensionLengthMismatch(id: id, present: range.count, given: bytes.count)
        }
        buffer.setBytes(bytes, at: buffer.readerIndex + range.lowerBound)
    }

    /// Overwrites in place the value of the element with `id` with `value`'s
    /// encoding, which must have the element's present length.
    public func setExtensionValue<Value: RTPHeaderExtensionValue>(
        id: UInt8, to value: Value, in buffer: inout ByteBuffer
    ) throws(RTPError) {
        let range = try existingExtensionValueRange(id: id, in: buffer)
        guard value.encodedLength == range.count else {
            throw .extensionLengthMismatch(id: id, present: range.count, given: value.encodedLength)
        }
        value.set(at: buffer.readerIndex + range.lowerBound, in: &buffer)
    }

    private func existingExtensionValueRange(id: UInt8, in buffer: ByteBuffer) throws(RTPError) -> Range<Int> {
        guard let profile = extensionProfile else { throw .extensionNotFound(id: id) }
        guard profile.hasElements else { throw .badExtensionProfile(profile.rawValue) }
        guard let range = extensionValueRange(id: id, in: buffer) else { throw .extensionNotFound(id: id) }
        return range
    }
}
