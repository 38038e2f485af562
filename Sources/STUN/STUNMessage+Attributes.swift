extension STUNMessage {
    /// The attributes a receiver acts on: all of them up to the first
    /// MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256. What follows those is
    /// ignored (RFC 8489 §14.5, §14.6), so it cannot smuggle in, say, a
    /// USE-CANDIDATE that the integrity check did not cover.
    public var effectiveAttributes: ArraySlice<STUNAttribute> {
        let end = attributes.firstIndex { attribute in
            switch attribute {
            case .messageIntegrity, .messageIntegritySHA256: return true
            default: return false
            }
        }
        return attributes[..<(end ?? attributes.endIndex)]
    }

    /// The first effective attribute of `type` (RFC 8489 §14: only the first
    /// occurrence of a repeated attribute needs processing).
    public func first(_ type: STUNAttributeType) -> STUNAttribute? {
        effectiveAttributes.first { $0.type == type }
    }

    /// Types of effective comprehension-required attributes (type < 0x8000)
    /// this module does not understand, each once, in order. Non-empty means
    /// a request must be answered with 420 (RFC 8489 §6.3.1); see
    /// `unknownAttributeResponse(to:)`.
    public var unknownComprehensionRequired: [STUNAttributeType] {
        var types: [STUNAttributeType] = []
        for case .unknown(let type, _) in effectiveAttributes where type.isComprehensionRequired {
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// USERNAME, if present.
    public var username: String? {
        guard case .username(let value)? = first(.username) else { return nil }
        return value
    }

    /// SOFTWARE, if present.
    public var software: String? {
        guard case .software(let value)? = first(.software) else { return nil }
        return value
    }

    /// REALM, if present.
    public var realm: String? {
        guard case .realm(let value)? = first(.realm) else { return nil }
        return value
    }

    /// NONCE, if present.
    public var nonce: String? {
        guard case .nonce(let value)? = first(.nonce) else { return nil }
        return value
    }

    /// PRIORITY, if present.
    public var priority: UInt32? {
        guard case .priority(let value)? = first(.priority) else { return nil }
        return value
    }

    /// Whether USE-CANDIDATE is present.
    public var useCandidate: Bool {
        first(.useCandidate) != nil
    }

    /// The ICE-CONTROLLING tie breaker, if present.
    public var iceControlling: UInt64? {
        guard case .iceControlling(let value)? = first(.iceControlling) else { return nil }
        return value
    }

    /// The ICE-CONTROLLED tie breaker, if present.
    public var iceControlled: UInt64? {
        guard case .iceControlled(let value)? = first(.iceControlled) else { return nil }
        return value
    }

    /// MAPPED-ADDRESS, if present.
    public var mappedAddress: STUNAddress? {
        guard case .mappedAddress(let value)? = first(.mappedAddress) else { return nil }
        return value
    }

    /// XOR-MAPPED-ADDRESS (already un-XOR-ed), if present.
    public var xorMappedAddress: STUNAddress? {
        guard case .xorMappedAddress(let value)? = first(.xorMappedAddress) else { return nil }
        return value
    }

    /// ERROR-CODE, if present.
    public var errorCode: STUNErrorCode? {
        guard case .errorCode(let value)? = first(.errorCode) else { return nil }
        return value
    }

    /// UNKNOWN-ATTRIBUTES, if present.
    public var unknownAttributes: [STUNAttributeType]? {
        guard case .unknownAttributes(let value)? = first(.unknownAttributes) else { return nil }
        return value
    }
}
