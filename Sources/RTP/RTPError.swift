/// Why an RTP packet, or an RTP header extension value, could not be parsed,
/// rewritten or written. Offsets are relative to the first byte of the
/// packet (or of the extension value, for the value types).
public enum RTPError: Error, Sendable, Hashable {
    /// A field starting at offset `at` needs `need` bytes, more than the
    /// input holds from there.
    case truncated(at: Int, need: Int)
    /// The version field was not 2 (RFC 3550 §5.1).
    case badVersion(UInt8)
    /// The P bit was set but the last byte, the padding count, was 0 or more
    /// than the bytes after the header (RFC 3550 §5.1).
    case badPadding(count: UInt8, available: Int)
    /// An RFC 8285 element starting at `at` runs past the extension block.
    case extensionOverrun(at: Int)
    /// The packet's header extension is not in an RFC 8285 form (profile
    /// 0xBEDE or 0x100X), so elements cannot be looked up or rewritten.
    case badExtensionProfile(UInt16)
    /// No RFC 8285 element with this id is in the packet.
    case extensionNotFound(id: UInt8)
    /// An in-place rewrite gave a value of a different length than the
    /// element holds.
    case extensionLengthMismatch(id: UInt8, present: Int, given: Int)
    /// An element cannot be written in the chosen form: id out of range
    /// (one-byte 1-14, two-byte 1-255) or length out of range (one-byte
    /// 1-16, two-byte 0-255).
    case badExtensionElement(id: UInt8, length: Int)
    /// A profile-specific extension's data is not a multiple of 4 bytes or
    /// longer than 65535 words (RFC 3550 §5.3.1).
    case badExtensionLength(Int)
    /// More than 15 CSRCs (RFC 3550 §5.1: the CC field has 4 bits).
    case tooManyCSRCs(Int)
    /// A padding length to write outside 0-255.
    case badPaddingLength(Int)
    /// A header extension value of the wrong length for its type
    /// (e.g. audio level must be 1 byte).
    case badExtensionValueLength(expected: ClosedRange<Int>, got: Int)
    /// A header extension value whose content is invalid for its type
    /// (e.g. a MID that is not UTF-8).
    case badExtensionValue(at: Int)
}
