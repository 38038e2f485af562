/// The 16-bit "defined by profile" field of an RTP header extension
/// (RFC 3550 §5.3.1), which also tells the RFC 8285 element form.
public enum RTPHeaderExtensionProfile: Sendable, Hashable {
    /// RFC 8285 §4.2 one-byte form (0xBEDE): ids 1-14, values 1-16 bytes.
    case oneByte
    /// RFC 8285 §4.3 two-byte form (0x100X): ids 1-255, values 0-255 bytes;
    /// `appBits` is the low 4 bits of the profile field.
    case twoByte(appBits: UInt8)
    /// Any other profile: the extension is opaque profile-specific data.
    case other(UInt16)

    /// The profile from the 16-bit field on the wire.
    @inlinable
    public init(rawValue: UInt16) {
        if rawValue == 0xBEDE {
            self = .oneByte
        } else if rawValue & 0xFFF0 == 0x1000 {
            self = .twoByte(appBits: UInt8(rawValue & 0x000F))
        } else {
            self = .other(rawValue)
        }
    }

    /// The 16-bit field on the wire.
    @inlinable
    public var rawValue: UInt16 {
        switch self {
        case .oneByte: 0xBEDE
        case .twoByte(let appBits): 0x1000 | UInt16(appBits & 0x0F)
        case .other(let value): value
        }
    }

    /// Whether the extension holds RFC 8285 elements.
    @inlinable
    public var hasElements: Bool {
        if case .other = self { return false }
        return true
    }

    /// Whether the extension uses the RFC 8285 one-byte form.
    @inlinable
    public var isOneByte: Bool {
        if case .oneByte = self { return true }
        return false
    }
}
