import NIOCore

extension STUNAttribute {
    /// Writes the attribute as a TLV: type, value length, value, then padding
    /// to a multiple of 4 filled with `paddingByte` (RFC 8489 §14 says the
    /// padding content is ignored; RFC 5769's vectors use 0x20 in places).
    /// XOR-MAPPED-ADDRESS needs the message's transaction ID. A value longer
    /// than 65,535 bytes does not fit the 16-bit length field and is cut there.
    public func write(into buffer: inout ByteBuffer, transactionID: STUNTransactionID, paddingByte: UInt8 = 0) {
        buffer.writeInteger(type.rawValue)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt16(0))
        let valueStart = buffer.writerIndex
        writeValue(into: &buffer, transactionID: transactionID)
        var length = buffer.writerIndex - valueStart
        if length > Int(UInt16.max) {
            buffer.moveWriterIndex(to: valueStart + Int(UInt16.max))
            length = Int(UInt16.max)
        }
        buffer.setInteger(UInt16(truncatingIfNeeded: length), at: lengthIndex)
        let padding = (4 - length % 4) % 4
        if padding > 0 {
            buffer.writeRepeatingByte(paddingByte, count: padding)
        }
    }

    private func writeValue(into buffer: inout ByteBuffer, transactionID: STUNTransactionID) {
        switch self {
        case .mappedAddress(let address):
            Self.writeAddress(address, into: &buffer, xor: nil)
        case .xorMappedAddress(let address):
            Self.writeAddress(address, into: &buffer, xor: transactionID)
        case .username(let text), .software(let text), .realm(let text), .nonce(let text):
            buffer.writeString(text)
        case .messageIntegrity(let bytes), .messageIntegritySHA256(let bytes), .unknown(_, let bytes):
            buffer.writeBytes(bytes)
        case .fingerprint(let value), .priority(let value):
            buffer.writeInteger(value)
        case .iceControlling(let tieBreaker), .iceControlled(let tieBreaker):
            buffer.writeInteger(tieBreaker)
        case .useCandidate:
            break
        case .errorCode(let error):
            buffer.writeInteger(UInt16(0))
            buffer.writeInteger(error.errorClass & 0x07)
            buffer.writeInteger(error.number)
            buffer.writeString(error.reason)
        case .unknownAttributes(let types):
            for type in types {
                buffer.writeInteger(type.rawValue)
            }
        }
    }

    static func writeAddress(_ address: STUNAddress, into buffer: inout ByteBuffer, xor transactionID: STUNTransactionID?) {
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(address.family)
        buffer.writeInteger(transactionID == nil ? address.port : address.port ^ UInt16(STUNMessage.magicCookie >> 16))
        switch address.ip {
        case .v4(let word):
            buffer.writeInteger(transactionID == nil ? word : word ^ STUNMessage.magicCookie)
        case .v6(let high, let low):
            if let transactionID {
                buffer.writeInteger(high ^ (UInt64(STUNMessage.magicCookie) << 32 | UInt64(transactionID.upper)))
                buffer.writeInteger(low ^ transactionID.lower)
            } else {
                buffer.writeInteger(high)
                buffer.writeInteger(low)
            }
        }
    }
}
