/// One attribute of a STUN message, decoded. Types this module does not
/// decode are kept as `.unknown` with their raw value, so they survive a
/// parse-serialize round trip.
public enum STUNAttribute: Sendable, Hashable {
    /// MAPPED-ADDRESS (RFC 8489 §14.1), the plain (not XOR-ed) address.
    case mappedAddress(STUNAddress)
    /// XOR-MAPPED-ADDRESS (RFC 8489 §14.2). Holds the real address; the XOR
    /// with the magic cookie and transaction ID happens on the wire only.
    case xorMappedAddress(STUNAddress)
    /// USERNAME (RFC 8489 §14.3); for ICE "remote-ufrag:local-ufrag".
    case username(String)
    /// MESSAGE-INTEGRITY (RFC 8489 §14.5): the 20-byte HMAC-SHA1 as received.
    case messageIntegrity([UInt8])
    /// MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): 16 to 32 bytes of HMAC-SHA256.
    case messageIntegritySHA256([UInt8])
    /// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message XOR 0x5354554E.
    case fingerprint(UInt32)
    /// ERROR-CODE (RFC 8489 §14.8).
    case errorCode(STUNErrorCode)
    /// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13), sent with a 420 response.
    case unknownAttributes([STUNAttributeType])
    /// SOFTWARE (RFC 8489 §14.14).
    case software(String)
    /// REALM (RFC 8489 §14.9).
    case realm(String)
    /// NONCE (RFC 8489 §14.10).
    case nonce(String)
    /// PRIORITY (RFC 8445 §7.1.1).
    case priority(UInt32)
    /// USE-CANDIDATE (RFC 8445 §7.1.2); no value.
    case useCandidate
    /// ICE-CONTROLLING with its tie breaker (RFC 8445 §7.1.3).
    case iceControlling(tieBreaker: UInt64)
    /// ICE-CONTROLLED with its tie breaker (RFC 8445 §7.1.3).
    case iceControlled(tieBreaker: UInt64)
    /// Any other type, value bytes without padding. Meant for types not in
    /// `STUNAttributeType.understood`: an understood type written this way
    /// parses back as its typed case.
    case unknown(type: STUNAttributeType, value: [UInt8])

    /// The attribute's type code.
    public var type: STUNAttributeType {
        switch self {
        case .mappedAddress: return .mappedAddress
        case .xorMappedAddress: return .xorMappedAddress
        case .username: return .username
        case .messageIntegrity: return .messageIntegrity
        case .messageIntegritySHA256: return .messageIntegritySHA256
        case .fingerprint: return .fingerprint
        case .errorCode: return .errorCode
        case .unknownAttributes: return .unknownAttributes
        case .software: return .software
        case .realm: return .realm
        case .nonce: return .nonce
        case .priority: return .priority
        case .useCandidate: return .useCandidate
        case .iceControlling: return .iceControlling
        case .iceControlled: return .iceControlled
        case .unknown(let type, _): return type
        }
    }

    /// True for MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT,
    /// the attributes computed over the message when it is written.
    public var isIntegrityOrFingerprint: Bool {
        switch self {
        case .messageIntegrity, .messageIntegritySHA256, .fingerprint: return true
        default: return false
        }
    }
}
