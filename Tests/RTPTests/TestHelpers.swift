import NIOCore
import RTP
import TestSupport

/// A buffer holding the bytes of a field-by-field hex vector.
func buffer(_ hex: String) -> ByteBuffer {
    ByteBuffer(bytes: hexBytes(hex))
}

/// The readable bytes of `buffer`.
func bytes(_ buffer: ByteBuffer) -> [UInt8] {
    Array(buffer.readableBytesView)
}

/// Parses a packet into plain fields and writes it again.
func reserialized(_ buffer: ByteBuffer) throws -> [UInt8] {
    bytes(try RTPPacketFields(parsing: buffer).encoded())
}

/// Every (id, value) of a parsed packet's extension, in wire order.
func elements(of header: RTPHeader, in buffer: ByteBuffer) -> [RTPHeaderExtensionElement] {
    let sequence = header.extensionElements(in: buffer)
    return sequence.map { RTPHeaderExtensionElement(id: $0.id, value: sequence.value(of: $0).map(bytes) ?? []) }
}
