import NIOCore

/// A type-length-value parameter of INIT, INIT-ACK and RE-CONFIG
/// (RFC 9260 §3.2.1), padded to 4 bytes.
public struct SCTPParameter: Sendable, Hashable {
    public var type: UInt16
    public var value: ByteBuffer

    public init(type: UInt16, value: ByteBuffer) {
        self.type = type
        self.value = value
    }

    public init(type: UInt16, bytes: [UInt8]) {
        self.init(type: type, value: ByteBuffer(bytes: bytes))
    }

    /// Parameter types the engine reads.
    public static let stateCookie: UInt16 = 7
    public static let supportedExtensions: UInt16 = 0x8008
    public static let forwardTSNSupported: UInt16 = 0xC000

    /// Parameters until the end of the reader; at most `limit` of them.
    static func readAll(from reader: inout SCTPReader, limit: Int = 64) throws(SCTPError) -> [SCTPParameter] {
        var parameters: [SCTPParameter] = []
        while reader.remaining >= 4 {
            guard parameters.count < limit else { throw .badLength(at: reader.offset, length: reader.remaining) }
            let start = reader.offset
            let type: UInt16 = try reader.read()
            let length = Int(try reader.read(UInt16.self))
            guard length >= 4, length - 4 <= reader.remaining else { throw .badLength(at: start, length: length) }
            parameters.append(SCTPParameter(type: type, value: try reader.slice(length - 4)))
            reader.skipPadding(after: length)
        }
        return parameters
    }

    /// Writes the parameter; `padded` is false for the last one of a chunk,
    /// whose padding the chunk length leaves out (RFC 9260 §3.2).
    func write(into buffer: inout ByteBuffer, padded: Bool = true) {
        buffer.writeInteger(type)
        buffer.writeInteger(UInt16(truncatingIfNeeded: 4 + value.readableBytes))
        var bytes = value
        buffer.writeBuffer(&bytes)
        if padded { buffer.writeSCTPPadding(after: 4 + value.readableBytes) }
    }
}
