import NIOCore

/// DATA (RFC 9260 §3.3.1): one fragment of a user message.
public struct SCTPDataChunk: Sendable, Hashable {
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var streamSequenceNumber: UInt16
    public var payloadProtocol: UInt32
    /// U: delivered as soon as complete, outside the stream's SSN order.
    public var unordered: Bool
    /// B and E: first and last fragment of the message.
    public var beginning: Bool
    public var ending: Bool
    /// I: the sender asks for a SACK without delay (RFC 7053).
    public var immediate: Bool
    public var userData: ByteBuffer

    /// Bytes of a DATA chunk before its user data, chunk header included.
    public static let headerSize = 16

    public init(
        tsn: UInt32, streamIdentifier: UInt16, streamSequenceNumber: UInt16, payloadProtocol: UInt32,
        unordered: Bool = false, beginning: Bool = true, ending: Bool = true, immediate: Bool = false,
        userData: ByteBuffer
    ) {
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.streamSequenceNumber = streamSequenceNumber
        self.payloadProtocol = payloadProtocol
        self.unordered = unordered
        self.beginning = beginning
        self.ending = ending
        self.immediate = immediate
        self.userData = userData
    }

    init(flags: UInt8, reader: inout SCTPReader) throws(SCTPError) {
        guard reader.remaining >= 12 else { throw .chunkTooShort(type: SCTPChunkType.data, length: reader.remaining + 4) }
        tsn = try reader.read()
        streamIdentifier = try reader.read()
        streamSequenceNumber = try reader.read()
        payloadProtocol = try reader.read()
        userData = try reader.slice(reader.remaining)
        immediate = flags & 0x08 != 0
        unordered = flags & 0x04 != 0
        beginning = flags & 0x02 != 0
        ending = flags & 0x01 != 0
    }

    var flags: UInt8 {
        (immediate ? 0x08 : 0) | (unordered ? 0x04 : 0) | (beginning ? 0x02 : 0) | (ending ? 0x01 : 0)
    }

    func writeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(tsn)
        buffer.writeInteger(streamIdentifier)
        buffer.writeInteger(streamSequenceNumber)
        buffer.writeInteger(payloadProtocol)
        var data = userData
        buffer.writeBuffer(&data)
    }
}
