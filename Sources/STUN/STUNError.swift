/// Why a STUN message could not be parsed. Offsets are bytes from the start
/// of the message (the first byte of the 20-byte header).
public enum STUNError: Error, Sendable, Hashable {
    /// Fewer bytes than the structure at `at` needs (`need` bytes from there).
    case truncated(at: Int, need: Int)
    /// The first byte has one of its top two bits set (RFC 8489 §5, RFC 7983).
    case notSTUN(firstByte: UInt8)
    /// Bytes 4..<8 are not 0x2112A442 (RFC 8489 §5).
    case badMagicCookie(UInt32)
    /// The header's message length is not a multiple of 4 (RFC 8489 §5).
    case lengthNotMultipleOfFour(UInt16)
    /// The header says `declared` bytes of attributes follow, `actual` do.
    case lengthMismatch(declared: Int, actual: Int)
    /// The attribute at `at` (header offset) runs past the end of the message.
    case attributeOverrun(type: STUNAttributeType, at: Int)
    /// An address attribute names a family other than 0x01 (IPv4) or 0x02 (IPv6).
    case badAddressFamily(UInt8)
    /// A known attribute has a value length its definition does not allow.
    case badAttributeLength(type: STUNAttributeType, length: Int)
    /// A text attribute (USERNAME, SOFTWARE, REALM, NONCE, reason phrase) is not UTF-8.
    case invalidUTF8(type: STUNAttributeType)
    /// ERROR-CODE with a number above 99 (RFC 8489 §14.8: class * 100 + number).
    case badErrorCode(errorClass: UInt8, number: UInt8)
    /// FINGERPRINT at `at` is followed by other attributes (RFC 8489 §14.7).
    case fingerprintNotLast(at: Int)
}
