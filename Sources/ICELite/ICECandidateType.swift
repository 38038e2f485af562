/// Candidate types and their priorities (RFC 8445 §5.1.2).
public enum ICECandidateType: Sendable, Hashable, CaseIterable {
    case host
    case peerReflexive
    case serverReflexive
    case relayed

    /// The type preferences RFC 8445 §5.1.2.2 recommends.
    public var recommendedTypePreference: UInt8 {
        switch self {
        case .host: return 126
        case .peerReflexive: return 110
        case .serverReflexive: return 100
        case .relayed: return 0
        }
    }

    /// This type's candidate priority with the recommended type preference.
    /// A check's PRIORITY attribute carries the peer-reflexive one (RFC 8445 §7.1.1).
    public func priority(localPreference: UInt16 = 65535, componentID: UInt16 = 1) -> UInt32 {
        Self.priority(typePreference: recommendedTypePreference, localPreference: localPreference, componentID: componentID)
    }

    /// priority = 2^24 * type preference + 2^8 * local preference + (256 - component ID)
    /// (RFC 8445 §5.1.2.1). The type preference is clamped to 0...126 and
    /// the component ID to 1...256, the ranges the RFC allows.
    public static func priority(typePreference: UInt8, localPreference: UInt16, componentID: UInt16) -> UInt32 {
        let type = UInt32(min(typePreference, 126))
        let component = UInt32(min(max(componentID, 1), 256))
        return type << 24 | UInt32(localPreference) << 8 | (256 - component)
    }
}
