import NIOCore

extension STUNAttribute {
    /// Decodes the value of an attribute of `type` found at `index` (value
    /// start) of `buffer`, `length` bytes long, padding excluded. The caller
    /// has checked that the value lies within the buffer.
    init(
        type: STUNAttributeType, buffer: ByteBuffer, at index: Int, length: Int,
        transactionID: STUNTransactionID
    ) throws(STUNError) {
        switch type {
        case .mappedAddress:
            self = .mappedAddress(try Self.address(type: type, buffer: buffer, at: index, length: length, xor: nil))
        case .xorMappedAddress:
            self = .xorMappedAddress(
                try Self.address(type: type, buffer: buffer, at: index, length: length, xor: transactionID))
        case .username:
            self = .username(try Self.text(type: type, buffer: buffer, at: index, length: length))
        case .software:
            self = .software(try Self.text(type: type, buffer: buffer, at: index, length: length))
        case .realm:
            self = .realm(try Self.text(type: type, buffer: buffer, at: index, length: length))
        case .nonce:
            self = .nonce(try Self.text(type: type, buffer: buffer, at: index, length: length))
        case .messageIntegrity:
            guard length == 20 else { throw .badAttributeLength(type: type, length: length) }
            self = .messageIntegrity(try Self.bytes(type: type, buffer: buffer, at: index, length: length))
        case .messageIntegritySHA256:
            // RFC 8489 §14.6: at least 16, at most 32 bytes, a multiple of 4.
            guard (16...32).contains(length), length % 4 == 0 else {
                throw .badAttributeLength(type: type, length: length)
            }
            self = .messageIntegritySHA256(try Self.bytes(type: type, buffer: buffer, at: index, length: length))
        case .fingerprint:
            self = .fingerprint(try Self.integer(type: type, buffer: buffer, at: index, length: length))
        case .priority:
            self = .priority(try Self.integer(type: type, buffer: buffer, at: index, length: length))
        case .iceControlling:
            self = .iceControlling(tieBreaker: try Self.integer(type: type, buffer: buffer, at: index, length: length))
        case .iceControlled:
            self = .iceControlled(tieBreaker: try Self.integer(type: type, buffer: buffer, at: index, length: length))
        case .useCandidate:
            guard length == 0 else { throw .badAttributeLength(type: type, length: length) }
            self = .useCandidate
        case .errorCode:
            self = .errorCode(try Self.errorCode(buffer: buffer, at: index, length: length))
        case .unknownAttributes:
            guard length % 2 == 0 else { throw .badAttributeLength(type: type, length: length) }
            var types: [STUNAttributeType] = []
            types.reserveCapacity(length / 2)
            for offset in stride(from: 0, to: length, by: 2) {
                guard let raw = buffer.getInteger(at: index + offset, as: UInt16.self) else {
                    throw .badAttributeLength(type: type, length: length)
                }
                types.append(STUNAttributeType(rawValue: raw))
            }
            self = .unknownAttributes(types)
        default:
            self = .unknown(type: type, value: try Self.bytes(type: type, buffer: buffer, at: index, length: length))
        }
    }

    private static func bytes(
        type: STUNAttributeType, buffer: ByteBuffer, at index: Int, length: Int
    ) throws(STUNError) -> [UInt8] {
        guard let bytes = buffer.getBytes(at: index, length: length) else {
            throw .badAttributeLength(type: type, length: length)
        }
        return bytes
    }

    /// A fixed-size integer value; any other length is an error.
    private static func integer<I: FixedWidthInteger>(
        type: STUNAttributeType, buffer: ByteBuffer, at index: Int, length: Int
    ) throws(STUNError) -> I {
        guard length == MemoryLayout<I>.size, let value = buffer.getInteger(at: index, as: I.self) else {
            throw .badAttributeLength(type: type, length: length)
        }
        return value
    }

    /// UTF-8 text, validated so that what we hand on is what was sent.
    private static func text(
        type: STUNAttributeType, buffer: ByteBuffer, at index: Int, length: Int
    ) throws(STUNError) -> String {
        guard let view = buffer.viewBytes(at: index, length: length) else {
            throw .badAttributeLength(type: type, length: length)
        }
        guard let text = String(validating: view, as: UTF8.self) else { throw .invalidUTF8(type: type) }
        return text
    }

    /// MAPPED-ADDRESS / XOR-MAPPED-ADDRESS (RFC 8489 §14.1, §14.2): a reserved
    /// byte, the family, the port, then 4 or 16 address bytes.
    static func address(
        type: STUNAttributeType, buffer: ByteBuffer, at index: Int, length: Int, xor transactionID: STUNTransactionID?
    ) throws(STUNError) -> STUNAddress {
        guard length >= 4, let family = buffer.getInteger(at: index + 1, as: UInt8.self),
            let rawPort = buffer.getInteger(at: index + 2, as: UInt16.self)
        else { throw .badAttributeLength(type: type, length: length) }
        // The port is XOR-ed with the cookie's top 16 bits, the address with
        // the cookie (IPv4) or cookie and transaction ID (IPv6).
        let port = transactionID == nil ? rawPort : rawPort ^ UInt16(STUNMessage.magicCookie >> 16)
        switch family {
        case 0x01:
            guard length == 8, let raw = buffer.getInteger(at: index + 4, as: UInt32.self) else {
                throw .badAttributeLength(type: type, length: length)
            }
            return STUNAddress(ip: .v4(transactionID == nil ? raw : raw ^ STUNMessage.magicCookie), port: port)
        case 0x02:
            guard length == 20, let high = buffer.getInteger(at: index + 4, as: UInt64.self),
                let low = buffer.getInteger(at: index + 12, as: UInt64.self)
            else { throw .badAttributeLength(type: type, length: length) }
            guard let transactionID else { return STUNAddress(ip: .v6(high, low), port: port) }
            let highMask = UInt64(STUNMessage.magicCookie) << 32 | UInt64(transactionID.upper)
            return STUNAddress(ip: .v6(high ^ highMask, low ^ transactionID.lower), port: port)
        default:
            throw .badAddressFamily(family)
        }
    }

    /// ERROR-CODE (RFC 8489 §14.8): 21 reserved bits, a 3-bit class, an 8-bit
    /// number, then the reason phrase.
    private static func errorCode(buffer: ByteBuffer, at index: Int, length: Int) throws(STUNError) -> STUNErrorCode {
        guard length >= 4, let classByte = buffer.getInteger(at: index + 2, as: UInt8.self),
            let number = buffer.getInteger(at: index + 3, as: UInt8.self)
        else { throw .badAttributeLength(type: .errorCode, length: length) }
        let errorClass = classByte & 0x07
        // Numbers above 99 would not map back to the same class and number.
        guard number <= 99 else { throw .badErrorCode(errorClass: errorClass, number: number) }
        let reason = try text(type: .errorCode, buffer: buffer, at: index + 4, length: length - 4)
        return STUNErrorCode(code: UInt16(errorClass) * 100 + UInt16(number), reason: reason)
    }
}
