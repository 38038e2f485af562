import NIOCore

/// A STUN message (RFC 8489 §5): a 20-byte header (type, length, magic
/// cookie, transaction ID) and attributes in wire order.
///
/// A parsed message remembers the bytes it came from, so MESSAGE-INTEGRITY
/// and FINGERPRINT are verified over exactly what arrived (see
/// `STUNMessage+Integrity.swift`). Changing `type`, `transactionID` or
/// `attributes` forgets those bytes; from then on checks run over the
/// message as `write(into:)` would write it.
///
/// Padding content is not part of the value (RFC 8489 §14: receivers ignore
/// it); `write(into:...)` takes the byte to pad with, which is how RFC 5769's
/// 0x20-padded vectors are reproduced exactly.
public struct STUNMessage: Sendable {
    /// The fixed value of header bytes 4..<8 (RFC 8489 §5).
    public static let magicCookie: UInt32 = 0x2112_A442
    /// Size of the STUN header.
    public static let headerSize = 20

    public var type: STUNMessageType {
        didSet { received = nil }
    }
    public var transactionID: STUNTransactionID {
        didSet { received = nil }
    }
    /// All attributes in wire order, including MESSAGE-INTEGRITY,
    /// FINGERPRINT and anything after them. The typed accessors
    /// (`username`, `priority`, ...) only look before MESSAGE-INTEGRITY.
    public var attributes: [STUNAttribute] {
        didSet { received = nil }
    }

    /// The bytes a parsed message came from, with where its integrity and
    /// fingerprint attributes start (offsets from the first header byte).
    struct Received: Sendable {
        var bytes: ByteBuffer
        var integrityOffset: Int?
        var integritySHA256Offset: Int?
        var fingerprintOffset: Int?
    }

    var received: Received?

    public init(type: STUNMessageType, transactionID: STUNTransactionID, attributes: [STUNAttribute] = []) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.received = nil
    }

    /// Parses the readable bytes of `buffer` as exactly one STUN message
    /// (one UDP datagram). The buffer's storage is kept for verification.
    public init(parsing buffer: ByteBuffer) throws(STUNError) {
        let bytes = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes) ?? buffer
        let count = bytes.readableBytes
        guard count >= Self.headerSize, let rawType = bytes.getInteger(at: 0, as: UInt16.self),
            let length = bytes.getInteger(at: 2, as: UInt16.self),
            let cookie = bytes.getInteger(at: 4, as: UInt32.self),
            let upper = bytes.getInteger(at: 8, as: UInt32.self),
            let lower = bytes.getInteger(at: 12, as: UInt64.self)
        else { throw .truncated(at: 0, need: Self.headerSize) }

        // RFC 8489 §5: the top two bits are zero, which is also what tells
        // STUN apart from DTLS and RTP on a shared port (RFC 7983).
        guard rawType & 0xC000 == 0 else { throw .notSTUN(firstByte: UInt8(truncatingIfNeeded: rawType >> 8)) }
        guard cookie == Self.magicCookie else { throw .badMagicCookie(cookie) }
        guard length % 4 == 0 else { throw .lengthNotMultipleOfFour(length) }
        guard Int(length) == count - Self.headerSize else {
            throw .lengthMismatch(declared: Int(length), actual: count - Self.headerSize)
        }

        let transactionID = STUNTransactionID(upper: upper, lower: lower)
        var attributes: [STUNAttribute] = []
        var received = Received(bytes: bytes)
        var offset = Self.headerSize
        while offset < count {
            guard let rawAttributeType = bytes.getInteger(at: offset, as: UInt16.self),
                let valueLength = bytes.getInteger(at: offset + 2, as: UInt16.self)
            else { throw .truncated(at: offset, need: 4) }
            let attributeType = STUNAttributeType(rawValue: rawAttributeType)
            // Values are padded to a multiple of 4 (RFC 8489 §14).
            let paddedLength = (Int(valueLength) + 3) & ~3
            guard paddedLength <= count - offset - 4 else {
                throw .attributeOverrun(type: attributeType, at: offset)
            }
            if received.fingerprintOffset != nil {
                throw .fingerprintNotLast(at: received.fingerprintOffset ?? offset)
            }
            let attribute = try STUNAttribute(
                type: attributeType, buffer: bytes, at: offset + 4, length: Int(valueLength),
                transactionID: transactionID)
            switch attributeType {
            case .messageIntegrity:
                // RFC 8489 §14.6: anything after MESSAGE-INTEGRITY-SHA256, a
                // later MESSAGE-INTEGRITY included, is ignored.
                if received.integrityOffset == nil && received.integritySHA256Offset == nil {
                    received.integrityOffset = offset
                }
            case .messageIntegritySHA256:
                if received.integritySHA256Offset == nil { received.integritySHA256Offset = offset }
            case .fingerprint:
                received.fingerprintOffset = offset
            default:
                break
            }
            attributes.append(attribute)
            offset += 4 + paddedLength
        }

        self.type = STUNMessageType(rawValue: rawType)
        self.transactionID = transactionID
        self.attributes = attributes
        self.received = received
    }

    /// Parses `bytes` as exactly one STUN message.
    public init(parsing bytes: some Collection<UInt8>) throws(STUNError) {
        try self.init(parsing: ByteBuffer(bytes: bytes))
    }
}

extension STUNMessage: Hashable {
    /// Messages are equal when type, transaction ID and attributes are; the
    /// bytes a message was parsed from (padding content) do not count.
    public static func == (lhs: STUNMessage, rhs: STUNMessage) -> Bool {
        lhs.type == rhs.type && lhs.transactionID == rhs.transactionID && lhs.attributes == rhs.attributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(transactionID)
        hasher.combine(attributes)
    }
}

extension STUNMessage: CustomStringConvertible {
    public var description: String {
        "\(type) \(transactionID) [" + attributes.map { String(describing: $0.type) }.joined(separator: ", ") + "]"
    }
}
