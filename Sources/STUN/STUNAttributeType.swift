/// The 16-bit type of a STUN attribute (RFC 8489 §14, §18.3; RFC 8445 §16.1).
public struct STUNAttributeType: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Types 0x0000-0x7FFF are comprehension-required: a receiver that does
    /// not understand one must reject the message (RFC 8489 §14).
    public var isComprehensionRequired: Bool {
        rawValue < 0x8000
    }

    public static let mappedAddress = STUNAttributeType(rawValue: 0x0001)
    public static let username = STUNAttributeType(rawValue: 0x0006)
    public static let messageIntegrity = STUNAttributeType(rawValue: 0x0008)
    public static let errorCode = STUNAttributeType(rawValue: 0x0009)
    public static let unknownAttributes = STUNAttributeType(rawValue: 0x000A)
    public static let realm = STUNAttributeType(rawValue: 0x0014)
    public static let nonce = STUNAttributeType(rawValue: 0x0015)
    public static let messageIntegritySHA256 = STUNAttributeType(rawValue: 0x001C)
    public static let xorMappedAddress = STUNAttributeType(rawValue: 0x0020)
    public static let priority = STUNAttributeType(rawValue: 0x0024)
    public static let useCandidate = STUNAttributeType(rawValue: 0x0025)
    public static let software = STUNAttributeType(rawValue: 0x8022)
    public static let fingerprint = STUNAttributeType(rawValue: 0x8028)
    public static let iceControlled = STUNAttributeType(rawValue: 0x8029)
    public static let iceControlling = STUNAttributeType(rawValue: 0x802A)

    /// The types this module decodes into typed `STUNAttribute` cases.
    public static let understood: Set<STUNAttributeType> = [
        .mappedAddress, .username, .messageIntegrity, .errorCode, .unknownAttributes, .realm, .nonce,
        .messageIntegritySHA256, .xorMappedAddress, .priority, .useCandidate, .software, .fingerprint,
        .iceControlled, .iceControlling,
    ]
}

extension STUNAttributeType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .mappedAddress: return "MAPPED-ADDRESS"
        case .username: return "USERNAME"
        case .messageIntegrity: return "MESSAGE-INTEGRITY"
        case .errorCode: return "ERROR-CODE"
        case .unknownAttributes: return "UNKNOWN-ATTRIBUTES"
        case .realm: return "REALM"
        case .nonce: return "NONCE"
        case .messageIntegritySHA256: return "MESSAGE-INTEGRITY-SHA256"
        case .xorMappedAddress: return "XOR-MAPPED-ADDRESS"
        case .priority: return "PRIORITY"
        case .useCandidate: return "USE-CANDIDATE"
        case .software: return "SOFTWARE"
        case .fingerprint: return "FINGERPRINT"
        case .iceControlled: return "ICE-CONTROLLED"
        case .iceControlling: return "ICE-CONTROLLING"
        default:
            if let name = turnName { return name }
            let hex = String(rawValue, radix: 16)
            return "0x" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
