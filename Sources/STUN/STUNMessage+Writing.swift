import NIOCore

extension STUNMessage {
    /// Writes the message: header, then `attributes` in order.
    ///
    /// - Without options, every attribute is written as it is, stored
    ///   MESSAGE-INTEGRITY and FINGERPRINT values included.
    /// - With `integrityKey`, `integritySHA256Key` or `fingerprint`, stored
    ///   MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT entries
    ///   are left out and the requested ones are computed over the bytes as
    ///   written and appended in RFC 8489 order (MI, MI-SHA256, FINGERPRINT),
    ///   each with the header length adjusted to end at it (§14.5-§14.7).
    /// - `paddingByte` fills attribute padding (RFC 5769's vectors use 0x20).
    ///
    /// A message longer than 65,535 bytes of attributes cannot be framed; its
    /// length field wraps.
    public func write(
        into buffer: inout ByteBuffer, integrityKey: STUNKey? = nil, integritySHA256Key: STUNKey? = nil,
        fingerprint: Bool = false, paddingByte: UInt8 = 0
    ) {
        let start = buffer.writerIndex
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(UInt16(0))
        buffer.writeInteger(Self.magicCookie)
        transactionID.write(into: &buffer)

        let regenerate = integrityKey != nil || integritySHA256Key != nil || fingerprint
        for attribute in attributes where !(regenerate && attribute.isIntegrityOrFingerprint) {
            attribute.write(into: &buffer, transactionID: transactionID, paddingByte: paddingByte)
        }
        if let integrityKey {
            Self.appendIntegrity(into: &buffer, messageStart: start, type: .messageIntegrity, key: integrityKey, algorithm: .sha1)
        }
        if let integritySHA256Key {
            Self.appendIntegrity(
                into: &buffer, messageStart: start, type: .messageIntegritySHA256, key: integritySHA256Key,
                algorithm: .sha256)
        }
        if fingerprint {
            let attributeStart = buffer.writerIndex
            buffer.writeInteger(STUNAttributeType.fingerprint.rawValue)
            buffer.writeInteger(UInt16(4))
            buffer.writeInteger(UInt32(0))
            // FINGERPRINT is last, so the final length already covers it.
            Self.setLength(in: &buffer, messageStart: start)
            let crc = buffer.withUnsafeReadableBytes { raw in
                let from = start - buffer.readerIndex
                return CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[from..<(from + attributeStart - start)]))
            }
            buffer.setInteger(crc ^ Self.fingerprintXOR, at: attributeStart + 4)
        }
        Self.setLength(in: &buffer, messageStart: start)
    }

    /// The message written into a new buffer; options as in `write(into:...)`.
    public func serialized(
        integrityKey: STUNKey? = nil, integritySHA256Key: STUNKey? = nil, fingerprint: Bool = false,
        paddingByte: UInt8 = 0
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(
            into: &buffer, integrityKey: integrityKey, integritySHA256Key: integritySHA256Key,
            fingerprint: fingerprint, paddingByte: paddingByte)
        return buffer
    }

    /// The constant XOR-ed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7).
    static let fingerprintXOR: UInt32 = 0x5354_554E

    /// Sets the header's length field to cover everything written so far.
    private static func setLength(in buffer: inout ByteBuffer, messageStart start: Int) {
        buffer.setInteger(UInt16(truncatingIfNeeded: buffer.writerIndex - start - headerSize), at: start + 2)
    }

    /// Appends a zeroed integrity attribute, sets the length to end with it
    /// (RFC 8489 §14.5), then fills in the HMAC of everything before it.
    private static func appendIntegrity(
        into buffer: inout ByteBuffer, messageStart start: Int, type: STUNAttributeType, key: STUNKey,
        algorithm: STUNCrypto.Algorithm
    ) {
        let attributeStart = buffer.writerIndex
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(UInt16(algorithm.size))
        buffer.writeRepeatingByte(0, count: algorithm.size)
        setLength(in: &buffer, messageStart: start)
        let readerIndex = buffer.readerIndex
        buffer.withUnsafeMutableReadableBytes { raw in
            let from = start - readerIndex
            let covered = UnsafeRawBufferPointer(rebasing: raw[from..<(from + attributeStart - start)])
            STUNCrypto.hmac(key: key.bytes, data: covered, algorithm: algorithm) { mac in
                let valueStart = from + attributeStart - start + 4
                UnsafeMutableRawBufferPointer(rebasing: raw[valueStart..<(valueStart + mac.count)]).copyMemory(from: mac)
            }
        }
    }
}
