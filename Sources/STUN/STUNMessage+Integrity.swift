import NIOCore

/// The outcome of checking MESSAGE-INTEGRITY or FINGERPRINT.
public enum STUNVerification: Sendable, Hashable {
    /// The attribute is present and matches.
    case valid
    /// The message has no such attribute (in effect; see RFC 8489 §14.5).
    case absent
    /// The attribute is present and does not match: wrong key or altered bytes.
    case invalid
}

extension STUNMessage {
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) with `key` over
    /// the bytes the message was parsed from: everything before the
    /// attribute, with the header length set to end at it, so attributes
    /// after it (FINGERPRINT, MI-SHA256, ignored ones) do not count.
    /// Comparison is constant-time. Allocates nothing for a parsed message.
    public func checkMessageIntegrity(key: STUNKey) -> STUNVerification {
        guard let source = verificationSource, let offset = source.integrityOffset else { return .absent }
        return Self.checkIntegrity(source.bytes, offset: offset, key: key, algorithm: .sha1)
    }

    /// Checks MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) like
    /// `checkMessageIntegrity`; a truncated value (16-28 bytes) is compared
    /// with the same prefix of the HMAC-SHA256.
    public func checkMessageIntegritySHA256(key: STUNKey) -> STUNVerification {
        guard let source = verificationSource, let offset = source.integritySHA256Offset else { return .absent }
        return Self.checkIntegrity(source.bytes, offset: offset, key: key, algorithm: .sha256)
    }

    /// Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of all bytes before it,
    /// XOR 0x5354554E. Parsing already guarantees it is the last attribute.
    public func checkFingerprint() -> STUNVerification {
        guard let source = verificationSource, let offset = source.fingerprintOffset else { return .absent }
        guard let stored = source.bytes.getInteger(at: offset + 4, as: UInt32.self) else { return .invalid }
        let crc = source.bytes.withUnsafeReadableBytes { raw in
            offset <= raw.count ? CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[..<offset])) : 0
        }
        return crc ^ Self.fingerprintXOR == stored ? .valid : .invalid
    }

    /// The received bytes, or for a message built in code, the bytes
    /// `write(into:)` produces for it.
    private var verificationSource: Received? {
        if let received { return received }
        return (try? STUNMessage(parsing: serialized()))?.received
    }

    private static func checkIntegrity(
        _ bytes: ByteBuffer, offset: Int, key: STUNKey, algorithm: STUNCrypto.Algorithm
    ) -> STUNVerification {
        guard let valueLength = bytes.getInteger(at: offset + 2, as: UInt16.self) else { return .invalid }
        let length = Int(valueLength)
        return bytes.withUnsafeReadableBytes { raw -> STUNVerification in
            guard offset >= headerSize, offset + 4 + length <= raw.count, length <= algorithm.size else {
                return .invalid
            }
            let stored = UnsafeRawBufferPointer(rebasing: raw[(offset + 4)..<(offset + 4 + length)])
            // Copy what the HMAC covers to the stack to adjust the length
            // field without touching (and so copying) the received buffer.
            return withUnsafeTemporaryAllocation(byteCount: offset, alignment: 1) { scratch in
                scratch.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[..<offset]))
                let adjusted = UInt16(truncatingIfNeeded: offset + 4 + length - headerSize)
                scratch[2] = UInt8(truncatingIfNeeded: adjusted >> 8)
                scratch[3] = UInt8(truncatingIfNeeded: adjusted)
                return STUNCrypto.hmac(key: key.bytes, data: UnsafeRawBufferPointer(scratch), algorithm: algorithm) {
                    mac in
                    STUNCrypto.equal(mac, stored, count: length) ? .valid : .invalid
                }
            }
        }
    }
}
