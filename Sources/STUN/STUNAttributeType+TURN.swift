/// The attribute types TURN adds to the STUN registry (RFC 8656 §18).
/// They are vocabulary only: `STUNMessage(parsing:)` keeps their values as
/// `.unknown(type:value:)`, and the TURN module decodes them.
extension STUNAttributeType {
    /// CHANNEL-NUMBER (RFC 8656 §18.1).
    public static let channelNumber = STUNAttributeType(rawValue: 0x000C)
    /// LIFETIME (RFC 8656 §18.2), seconds.
    public static let lifetime = STUNAttributeType(rawValue: 0x000D)
    /// XOR-PEER-ADDRESS (RFC 8656 §18.3).
    public static let xorPeerAddress = STUNAttributeType(rawValue: 0x0012)
    /// DATA (RFC 8656 §18.4).
    public static let data = STUNAttributeType(rawValue: 0x0013)
    /// XOR-RELAYED-ADDRESS (RFC 8656 §18.5).
    public static let xorRelayedAddress = STUNAttributeType(rawValue: 0x0016)
    /// REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).
    public static let requestedAddressFamily = STUNAttributeType(rawValue: 0x0017)
    /// EVEN-PORT (RFC 8656 §18.7).
    public static let evenPort = STUNAttributeType(rawValue: 0x0018)
    /// REQUESTED-TRANSPORT (RFC 8656 §18.8).
    public static let requestedTransport = STUNAttributeType(rawValue: 0x0019)
    /// DONT-FRAGMENT (RFC 8656 §18.9), no value.
    public static let dontFragment = STUNAttributeType(rawValue: 0x001A)
    /// RESERVATION-TOKEN (RFC 8656 §18.10), 8 bytes.
    public static let reservationToken = STUNAttributeType(rawValue: 0x0022)
    /// ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).
    public static let additionalAddressFamily = STUNAttributeType(rawValue: 0x8000)
    /// ADDRESS-ERROR-CODE (RFC 8656 §18.12).
    public static let addressErrorCode = STUNAttributeType(rawValue: 0x8001)
    /// ICMP (RFC 8656 §18.13).
    public static let icmp = STUNAttributeType(rawValue: 0x8004)

    /// The TURN attribute types, for a TURN server's own unknown-attribute check.
    public static let turn: Set<STUNAttributeType> = [
        .channelNumber, .lifetime, .xorPeerAddress, .data, .xorRelayedAddress, .requestedAddressFamily,
        .evenPort, .requestedTransport, .dontFragment, .reservationToken, .additionalAddressFamily,
        .addressErrorCode, .icmp,
    ]

    /// The TURN attribute's RFC name, or nil for another type.
    var turnName: String? {
        switch self {
        case .channelNumber: return "CHANNEL-NUMBER"
        case .lifetime: return "LIFETIME"
        case .xorPeerAddress: return "XOR-PEER-ADDRESS"
        case .data: return "DATA"
        case .xorRelayedAddress: return "XOR-RELAYED-ADDRESS"
        case .requestedAddressFamily: return "REQUESTED-ADDRESS-FAMILY"
        case .evenPort: return "EVEN-PORT"
        case .requestedTransport: return "REQUESTED-TRANSPORT"
        case .dontFragment: return "DONT-FRAGMENT"
        case .reservationToken: return "RESERVATION-TOKEN"
        case .additionalAddressFamily: return "ADDITIONAL-ADDRESS-FAMILY"
        case .addressErrorCode: return "ADDRESS-ERROR-CODE"
        case .icmp: return "ICMP"
        default: return nil
        }
    }
}
