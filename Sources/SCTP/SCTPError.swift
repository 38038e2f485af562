/// What was wrong with SCTP input, and where. Offsets (`at:`) count bytes
/// from the start of what was handed to the parser (the packet, or the
/// chunk value for a single chunk's parser).
public enum SCTPError: Error, Sendable, Hashable {
    /// A read of `need` bytes at offset `at` ran past the end of the input.
    case truncated(at: Int, need: Int)
    /// The CRC32c in the common header does not match the packet (RFC 9260 §6.8).
    case badChecksum(expected: UInt32, found: UInt32)
    /// A chunk or parameter length field below its header size, or past
    /// the end of the input.
    case badLength(at: Int, length: Int)
    /// A chunk's fixed part is shorter than its type needs.
    case chunkTooShort(type: UInt8, length: Int)
    /// A parameter or error cause whose value length its definition does not allow.
    case badParameterLength(type: UInt16, length: Int)
    /// A single chunk's parser was handed another chunk type.
    case unexpectedChunkType(UInt8)
}

/// Why the association refused a message from its user.
public enum SCTPSendError: Error, Sendable, Hashable {
    /// The association is not established (or is shutting down).
    case notEstablished
    /// The stream id is at or beyond the negotiated outbound stream count.
    case invalidStream(UInt16)
    /// The message is larger than the peer's maximum message size.
    case messageTooLarge(size: Int, limit: Int)
    /// The send buffer holds its limit already (RFC 8831 §6.6: the sender
    /// must not queue without bound).
    case sendBufferFull(limit: Int)
    /// The stream is being reset and takes no new messages until it is.
    case streamResetting(UInt16)
}
