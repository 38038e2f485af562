import NIOCore

/// A received RTP packet: the buffer holding it and its parsed header.
///
/// A view, not a copy: the payload and extension values are slices of
/// `buffer`, and the setters rewrite `buffer` in place. The packet starts
/// at `buffer.readerIndex`. To send one packet to several receivers, copy
/// the value (`var out = packet`): the first rewrite of `out` makes its own
/// copy of the bytes (copy-on-write), leaving `packet` intact.
public struct RTPPacket: Sendable {
    /// The bytes; the packet is its readable bytes.
    public private(set) var buffer: ByteBuffer
    /// The parsed header and layout.
    public private(set) var header: RTPHeader

    /// Parses the packet filling `buffer`'s readable bytes (taking the
    /// buffer without copying it).
    public init(parsing buffer: ByteBuffer) throws(RTPError) {
        self.header = try RTPHeader(parsing: buffer)
        self.buffer = buffer
    }

    /// The payload, without padding, as a slice of `buffer`.
    public var payload: ByteBuffer {
        header.payload(in: buffer) ?? ByteBuffer()
    }

    /// The absolute index in `buffer` of the payload's first byte, for the
    /// payload descriptors' in-place rewrites (`rewritePayload(_:)`).
    public var payloadIndex: Int { header.payloadIndex(in: buffer) }

    /// The marker bit; setting it rewrites the packet in place.
    public var marker: Bool {
        get { header.marker }
        set { header.setMarker(newValue, in: &buffer) }
    }

    /// The payload type; setting it rewrites the packet in place.
    public var payloadType: UInt8 {
        get { header.payloadType }
        set { header.setPayloadType(newValue, in: &buffer) }
    }

    /// The sequence number; setting it rewrites the packet in place.
    public var sequenceNumber: UInt16 {
        get { header.sequenceNumber }
        set { header.setSequenceNumber(newValue, in: &buffer) }
    }

    /// The timestamp; setting it rewrites the packet in place.
    public var timestamp: UInt32 {
        get { header.timestamp }
        set { header.setTimestamp(newValue, in: &buffer) }
    }

    /// The SSRC; setting it rewrites the packet in place.
    public var ssrc: UInt32 {
        get { header.ssrc }
        set { header.setSSRC(newValue, in: &buffer) }
    }

    /// The CSRC at `index`, or nil when out of range.
    public func csrc(at index: Int) -> UInt32? {
        header.csrc(at: index, in: buffer)
    }

    /// The RFC 8285 elements, iterated lazily.
    public var extensionElements: RTPHeaderExtensionElements {
        header.extensionElements(in: buffer)
    }

    /// The value of the element with `id` as a slice, or nil when absent.
    public func extensionValue(id: UInt8) -> ByteBuffer? {
        header.extensionValue(id: id, in: buffer)
    }

    /// The element with `id` decoded as `Value`, nil when absent.
    public func extensionValue<Value: RTPHeaderExtensionValue>(_ type: Value.Type, id: UInt8) throws(RTPError) -> Value? {
        try header.extensionValue(type, id: id, in: buffer)
    }

    /// Overwrites the element with `id` in place (same length).
    public mutating func setExtensionValue(id: UInt8, to bytes: some Collection<UInt8>) throws(RTPError) {
        try header.setExtensionValue(id: id, to: bytes, in: &buffer)
    }

    /// Overwrites the element with `id` in place with `value` (same length).
    public mutating func setExtensionValue<Value: RTPHeaderExtensionValue>(id: UInt8, to value: Value) throws(RTPError) {
        try header.setExtensionValue(id: id, to: value, in: &buffer)
    }

    /// Runs `body` with the buffer and the payload's absolute index, for
    /// in-place payload descriptor rewrites such as
    /// `VP8PayloadDescriptor.setPictureID(_:in:payloadIndex:)`.
    @discardableResult
    public mutating func rewritePayload<Result, Failure: Error>(
        _ body: (inout ByteBuffer, Int) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let index = header.payloadIndex(in: buffer)
        return try body(&buffer, index)
    }
}
