import NIOCore
import STUN

/// One connectivity check (RFC 8445 §7.2.2, §7.2.5): sent by a full agent
/// in the controlling role, as the project's bots send them to the server,
/// or by the lite server in the controlled role to prove a peer's new
/// address (`ICEAddressValidation`). Builds the Binding request and
/// validates its response.
public struct ICEConnectivityCheck: Sendable, Hashable {
    /// The request's transaction ID; the response must echo it.
    public var transactionID: STUNTransactionID
    /// The sender's (our) credentials: the ufrag goes second in USERNAME.
    public var localCredentials: ICECredentials
    /// The receiver's credentials: its ufrag goes first in USERNAME and its
    /// password keys MESSAGE-INTEGRITY both ways.
    public var remoteCredentials: ICECredentials
    /// PRIORITY: the priority a peer-reflexive candidate of ours would have (RFC 8445 §7.1.1).
    public var priority: UInt32
    /// Our ICE-CONTROLLING tie breaker (RFC 8445 §7.1.3).
    public var tieBreaker: UInt64
    /// Whether the check nominates the pair (USE-CANDIDATE, RFC 8445 §8.1.1).
    public var useCandidate: Bool
    /// Whether the sender is controlled (ICE-CONTROLLED instead of ICE-CONTROLLING).
    public var controlled: Bool

    public init(
        transactionID: STUNTransactionID = .random(), localCredentials: ICECredentials,
        remoteCredentials: ICECredentials, priority: UInt32 = ICECandidateType.peerReflexive.priority(),
        tieBreaker: UInt64, useCandidate: Bool, controlled: Bool = false
    ) {
        self.transactionID = transactionID
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.priority = priority
        self.tieBreaker = tieBreaker
        self.useCandidate = useCandidate
        self.controlled = controlled
    }

    /// The request without MESSAGE-INTEGRITY and FINGERPRINT (added by `write`).
    public var request: STUNMessage {
        let username = ICEUsername(receiverUfrag: remoteCredentials.ufrag, senderUfrag: localCredentials.ufrag)
        return .bindingRequest(
            transactionID: transactionID, username: username.text, priority: priority,
            role: controlled ? .controlled(tieBreaker: tieBreaker) : .controlling(tieBreaker: tieBreaker),
            useCandidate: useCandidate)
    }

    /// Writes the request with MESSAGE-INTEGRITY keyed with the remote
    /// password, then FINGERPRINT.
    public func write(into buffer: inout ByteBuffer) {
        request.write(into: &buffer, integrityKey: remoteKey, fingerprint: true)
    }

    /// The request as a datagram.
    public func serialized() -> ByteBuffer {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return buffer
    }

    /// Validates a response datagram; see `validateResponse(_:)` for a message.
    public func validateResponse(_ datagram: ByteBuffer) throws(ICEError) -> ICECheckSuccess {
        let message: STUNMessage
        do { message = try STUNMessage(parsing: datagram) } catch { throw .malformed(error) }
        return try validateResponse(message)
    }

    /// Validates the response to this check (RFC 8445 §7.2.5, RFC 8489
    /// §9.1.4): a Binding response with our transaction ID and a valid
    /// FINGERPRINT; a success response must carry MESSAGE-INTEGRITY keyed
    /// with the remote password and XOR-MAPPED-ADDRESS. An error response is
    /// thrown as `.errorResponse`, authenticated when its MESSAGE-INTEGRITY
    /// verifies (one without ERROR-CODE counts as 400); one whose
    /// MESSAGE-INTEGRITY is present and wrong is `.integrityMismatch`.
    public func validateResponse(_ message: STUNMessage) throws(ICEError) -> ICECheckSuccess {
        guard message.type == .bindingSuccess || message.type == .bindingError else {
            throw .notBindingResponse(message.type)
        }
        guard message.transactionID == transactionID else {
            throw .transactionMismatch(expected: transactionID, received: message.transactionID)
        }
        switch message.checkFingerprint() {
        case .valid: break
        case .absent: throw .missingFingerprint
        case .invalid: throw .badFingerprint
        }
        let integrity = message.checkMessageIntegrity(key: remoteKey)
        if integrity == .invalid { throw .integrityMismatch }
        if message.type == .bindingError {
            throw .errorResponse(
                message.errorCode ?? .badRequest, unknownAttributes: message.unknownAttributes ?? [],
                authenticated: integrity == .valid)
        }
        guard integrity == .valid else { throw .missingMessageIntegrity }
        guard let mappedAddress = message.xorMappedAddress else { throw .missingMappedAddress }
        return ICECheckSuccess(mappedAddress: mappedAddress, nominated: useCandidate)
    }

    private var remoteKey: STUNKey { .shortTerm(password: remoteCredentials.password) }
}

/// A validated success response to an `ICEConnectivityCheck`.
public struct ICECheckSuccess: Sendable, Hashable {
    /// XOR-MAPPED-ADDRESS: our address as the peer saw it.
    public var mappedAddress: STUNAddress
    /// Whether the check carried USE-CANDIDATE, so the pair is now nominated.
    public var nominated: Bool

    public init(mappedAddress: STUNAddress, nominated: Bool) {
        self.mappedAddress = mappedAddress
        self.nominated = nominated
    }
}
