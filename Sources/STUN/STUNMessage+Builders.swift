/// The ICE role a Binding request announces, with its tie breaker
/// (RFC 8445 §7.1.3).
public enum STUNICERole: Sendable, Hashable {
    case controlling(tieBreaker: UInt64)
    case controlled(tieBreaker: UInt64)
}

extension STUNMessage {
    /// A Binding request with no attributes, as sent to a plain STUN server.
    public static func bindingRequest(transactionID: STUNTransactionID = .random()) -> STUNMessage {
        STUNMessage(type: .bindingRequest, transactionID: transactionID)
    }

    /// An ICE connectivity check (RFC 8445 §7.1.1-§7.1.3): USERNAME
    /// ("remote-ufrag:local-ufrag"), PRIORITY, ICE-CONTROLLING or
    /// ICE-CONTROLLED, and USE-CANDIDATE when nominating. Write it with the
    /// remote password as `integrityKey` and `fingerprint: true`.
    public static func bindingRequest(
        transactionID: STUNTransactionID = .random(), username: String, priority: UInt32, role: STUNICERole,
        useCandidate: Bool = false, software: String? = nil
    ) -> STUNMessage {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(.software(software)) }
        attributes.append(.username(username))
        attributes.append(.priority(priority))
        switch role {
        case .controlling(let tieBreaker): attributes.append(.iceControlling(tieBreaker: tieBreaker))
        case .controlled(let tieBreaker): attributes.append(.iceControlled(tieBreaker: tieBreaker))
        }
        if useCandidate { attributes.append(.useCandidate) }
        return STUNMessage(type: .bindingRequest, transactionID: transactionID, attributes: attributes)
    }

    /// A Binding success response carrying XOR-MAPPED-ADDRESS: the source
    /// address the request came from (RFC 8489 §6.3.1.1, RFC 8445 §7.3.1.2).
    public static func bindingSuccess(
        transactionID: STUNTransactionID, mappedAddress: STUNAddress, software: String? = nil
    ) -> STUNMessage {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(.software(software)) }
        attributes.append(.xorMappedAddress(mappedAddress))
        return STUNMessage(type: .bindingSuccess, transactionID: transactionID, attributes: attributes)
    }

    /// A Binding success response to `request`, same transaction ID.
    public static func bindingSuccess(
        to request: STUNMessage, mappedAddress: STUNAddress, software: String? = nil
    ) -> STUNMessage {
        bindingSuccess(transactionID: request.transactionID, mappedAddress: mappedAddress, software: software)
    }

    /// An error response to `request`: same method and transaction ID,
    /// ERROR-CODE, then UNKNOWN-ATTRIBUTES when `unknownAttributes` is not
    /// empty (RFC 8489 §6.3.1.1). Typical codes: `.badRequest` (400),
    /// `.unauthenticated` (401), `.unknownAttribute` (420), `.roleConflict` (487).
    public static func errorResponse(
        to request: STUNMessage, error: STUNErrorCode, unknownAttributes: [STUNAttributeType] = [],
        software: String? = nil
    ) -> STUNMessage {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(.software(software)) }
        attributes.append(.errorCode(error))
        if !unknownAttributes.isEmpty { attributes.append(.unknownAttributes(unknownAttributes)) }
        return STUNMessage(
            type: STUNMessageType(method: request.type.method, messageClass: .errorResponse),
            transactionID: request.transactionID, attributes: attributes)
    }

    /// The 420 answer to a request with unknown comprehension-required
    /// attributes, listing them in UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1);
    /// nil when the request has none.
    public static func unknownAttributeResponse(to request: STUNMessage, software: String? = nil) -> STUNMessage? {
        let unknown = request.unknownComprehensionRequired
        guard !unknown.isEmpty else { return nil }
        return errorResponse(to: request, error: .unknownAttribute, unknownAttributes: unknown, software: software)
    }
}
