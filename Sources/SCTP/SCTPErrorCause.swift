import NIOCore

/// An error cause of ABORT or ERROR (RFC 9260 §3.3.10): a code and its
/// information bytes.
public struct SCTPErrorCause: Sendable, Hashable {
    public var code: UInt16
    public var information: [UInt8]

    public init(code: UInt16, information: [UInt8] = []) {
        self.code = code
        self.information = information
    }

    public static let invalidStreamIdentifier: UInt16 = 1
    public static let missingMandatoryParameter: UInt16 = 2
    public static let outOfResource: UInt16 = 4
    public static let unrecognizedChunkType: UInt16 = 6
    public static let invalidMandatoryParameter: UInt16 = 7
    public static let noUserData: UInt16 = 9
    public static let userInitiatedAbort: UInt16 = 12
    public static let protocolViolation: UInt16 = 13

    /// Invalid Stream Identifier: the stream id and two reserved bytes.
    public static func invalidStream(_ stream: UInt16) -> SCTPErrorCause {
        SCTPErrorCause(code: invalidStreamIdentifier, information: [UInt8(stream >> 8), UInt8(stream & 0xFF), 0, 0])
    }

    /// Protocol Violation with a short reason (it is sent to the peer).
    public static func violation(_ reason: String) -> SCTPErrorCause {
        SCTPErrorCause(code: protocolViolation, information: Array(reason.utf8.prefix(64)))
    }

    static func readAll(from reader: inout SCTPReader, limit: Int = 32) throws(SCTPError) -> [SCTPErrorCause] {
        try SCTPTypeLengthValue.readAll(from: &reader, limit: limit).map {
            SCTPErrorCause(code: $0.type, information: Array($0.value.readableBytesView))
        }
    }

    /// Writes the cause; the last one of a chunk leaves its padding to the chunk.
    func write(into buffer: inout ByteBuffer, padded: Bool = true) {
        SCTPTypeLengthValue.write(type: code, value: ByteBuffer(bytes: information), into: &buffer, padded: padded)
    }
}
