import STUN

/// Why ICE credentials, a username, a connectivity check or its response
/// were rejected.
public enum ICEError: Error, Sendable, Hashable {
    // MARK: Credentials and usernames

    /// A ufrag outside 4...256 characters (RFC 8445 §5.3, RFC 8839 §5.4).
    case ufragLength(Int)
    /// A password outside 22...256 characters (RFC 8445 §5.3, RFC 8839 §5.4).
    case passwordLength(Int)
    /// A character outside the ice-char set (A-Z a-z 0-9 + /) at UTF-8 offset `at`.
    case invalidCharacter(in: ICECredentials.Field, at: Int)
    /// USERNAME is not "ufrag:ufrag" with two non-empty parts (RFC 8445 §7.2.2).
    case malformedUsername

    // MARK: Receiving a check (ICELiteAgent)

    /// The datagram is not a STUN message.
    case malformed(STUNError)
    /// A STUN message that is not a Binding request (responses, indications,
    /// other methods); dropped silently.
    case notBindingRequest(STUNMessageType)
    /// FINGERPRINT is present and wrong: not treated as STUN (RFC 8489 §7.3).
    case badFingerprint
    /// No USERNAME: answered 400 (RFC 8489 §9.1.3).
    case missingUsername
    /// No MESSAGE-INTEGRITY: answered 400 (RFC 8489 §9.1.3); for a response,
    /// the response is discarded (§9.1.4).
    case missingMessageIntegrity
    /// The USERNAME's first part is not our ufrag: answered 401.
    case unknownUfrag(String)
    /// The USERNAME's second part is not the remote ufrag from the SDP: answered 401.
    case remoteUfragMismatch(String)
    /// MESSAGE-INTEGRITY does not verify with the expected password.
    case integrityMismatch
    /// Comprehension-required attributes we do not understand: answered 420
    /// listing them (RFC 8489 §6.3.1).
    case unknownComprehensionRequired([STUNAttributeType])
    /// The peer claims the controlled role too: answered 487 (RFC 8445 §7.3.1.1).
    case roleConflict(tieBreaker: UInt64)
    /// The source is not an IP address (a Unix domain socket).
    case unsupportedAddress
    /// The agent is expired or closed; checks are dropped silently.
    case agentClosed(ICELiteAgent.State)

    // MARK: Validating a response (ICEConnectivityCheck)

    /// Not a Binding success or error response.
    case notBindingResponse(STUNMessageType)
    /// The response answers another transaction.
    case transactionMismatch(expected: STUNTransactionID, received: STUNTransactionID)
    /// No FINGERPRINT, which ICE requires on every check and response (RFC 8445 §7.2.2).
    case missingFingerprint
    /// A success response without XOR-MAPPED-ADDRESS.
    case missingMappedAddress
    /// A response whose transaction ID matches no request in flight to its
    /// source (a lite agent's address probes, `ICEAddressValidation`).
    case unknownTransaction(STUNTransactionID)
    /// The peer answered with an error. `authenticated` is false when the
    /// response carried no MESSAGE-INTEGRITY (400 and 401 cannot carry one),
    /// so anyone on the path could have forged it.
    case errorResponse(STUNErrorCode, unknownAttributes: [STUNAttributeType], authenticated: Bool)

    /// The error code an agent answers a request rejected for this reason
    /// with; nil when the request is dropped silently.
    public var responseCode: STUNErrorCode? {
        switch self {
        case .missingUsername, .missingMessageIntegrity: return .badRequest
        case .malformedUsername, .unknownUfrag, .remoteUfragMismatch, .integrityMismatch: return .unauthenticated
        case .unknownComprehensionRequired: return .unknownAttribute
        case .roleConflict: return .roleConflict
        default: return nil
        }
    }
}
