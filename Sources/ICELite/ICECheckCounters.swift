/// Counts of checks an `ICELiteAgent` received, valid ones and rejected
/// ones by reason. Counters wrap rather than trap.
public struct ICECheckCounters: Sendable, Hashable {
    /// Valid checks, answered with success.
    public var valid: UInt64 = 0
    /// Valid checks that carried USE-CANDIDATE.
    public var nominating: UInt64 = 0
    /// Times the selected address moved to a new one.
    public var addressChanges: UInt64 = 0
    /// Nominating checks from an address not yet proven: selection waits
    /// for its probe to be answered.
    public var nominationsDeferred: UInt64 = 0
    /// Binding requests sent to prove a check's source address.
    public var probesSent: UInt64 = 0
    /// Probes answered: addresses proven.
    public var addressesValidated: UInt64 = 0
    /// Binding responses that proved nothing: unknown transaction, wrong
    /// source, wrong MESSAGE-INTEGRITY, or an error response.
    public var probeResponsesRejected: UInt64 = 0
    /// Datagrams that did not parse as STUN.
    public var malformed: UInt64 = 0
    /// STUN messages other than Binding requests.
    public var notBindingRequest: UInt64 = 0
    /// Messages with a wrong FINGERPRINT.
    public var badFingerprint: UInt64 = 0
    /// Requests answered 400 (USERNAME or MESSAGE-INTEGRITY missing).
    public var badRequest: UInt64 = 0
    /// Requests answered 401 (unknown or malformed USERNAME, wrong MESSAGE-INTEGRITY).
    public var unauthenticated: UInt64 = 0
    /// Requests answered 420.
    public var unknownAttribute: UInt64 = 0
    /// Requests answered 487.
    public var roleConflict: UInt64 = 0
    /// Requests from a non-IP source.
    public var unsupportedAddress: UInt64 = 0
    /// Requests received after the agent expired or was closed.
    public var afterClose: UInt64 = 0

    public init() {}

    /// All rejected requests.
    public var invalid: UInt64 {
        malformed &+ notBindingRequest &+ badFingerprint &+ badRequest &+ unauthenticated &+ unknownAttribute
            &+ roleConflict &+ unsupportedAddress &+ afterClose
    }

    /// Counts one rejection under its reason.
    mutating func record(_ error: ICEError) {
        switch error {
        case .malformed: malformed &+= 1
        case .notBindingRequest: notBindingRequest &+= 1
        case .badFingerprint: badFingerprint &+= 1
        case .missingUsername, .missingMessageIntegrity: badRequest &+= 1
        case .malformedUsername, .unknownUfrag, .remoteUfragMismatch, .integrityMismatch: unauthenticated &+= 1
        case .unknownComprehensionRequired: unknownAttribute &+= 1
        case .roleConflict: roleConflict &+= 1
        case .unsupportedAddress: unsupportedAddress &+= 1
        case .agentClosed: afterClose &+= 1
        case .ufragLength, .passwordLength, .invalidCharacter, .notBindingResponse, .transactionMismatch,
            .missingFingerprint, .missingMappedAddress, .errorResponse, .unknownTransaction:
            // Not reasons a received request is rejected for.
            break
        }
    }
}
