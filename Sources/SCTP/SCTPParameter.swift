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
        try SCTPTypeLengthValue.readAll(from: &reader, limit: limit).map { SCTPParameter(type: $0.type, value: $0.value) }
    }

    /// Writes the parameter; `padded` is false for the last one of a chunk.
    func write(into buffer: inout ByteBuffer, padded: Bool = true) {
        SCTPTypeLengthValue.write(type: type, value: value, into: &buffer, padded: padded)
    }
}
