import NIOCore
import STUN

extension ICELiteAgent {
    /// Parses a datagram and handles it as a Binding request; a datagram
    /// that is not STUN is rejected with `.malformed` and no reply.
    public mutating func handleDatagram(_ datagram: ByteBuffer, from source: SocketAddress, now: NIODeadline)
        -> ICEResponse
    {
        do {
            let message = try STUNMessage(parsing: datagram)
            return handleBindingRequest(message, from: source, now: now)
        } catch {
            return reject(.malformed(error), request: nil)
        }
    }

    /// Handles a connectivity check from `source` (RFC 8445 §7.3, RFC 8489
    /// §6.3, §9.1.3). In order:
    /// 1. a final agent, a non-request, a wrong FINGERPRINT or a non-IP
    ///    source: dropped silently;
    /// 2. USERNAME or MESSAGE-INTEGRITY missing: 400;
    /// 3. USERNAME not "localUfrag:remoteUfrag", or MESSAGE-INTEGRITY not
    ///    keyed with our password: 401;
    /// 4. unknown comprehension-required attributes: 420 listing them;
    /// 5. ICE-CONTROLLED (the peer is controlled too): 487;
    /// 6. otherwise success with XOR-MAPPED-ADDRESS = `source`, and a probe
    ///    to `source` when that address is not proven yet.
    /// 400 and 401 carry FINGERPRINT only (the request could not be
    /// authenticated); 420, 487 and success also MESSAGE-INTEGRITY keyed
    /// with our password (§9.1.4). Only a valid check changes state or
    /// refreshes consent.
    ///
    /// `sourceIsProven` says the transport already proved `source` receives
    /// what we send: a check on an established TCP connection (RFC 6544)
    /// came through a three-way handshake a spoofer cannot complete, so it
    /// needs no probe and its nomination takes effect at once.
    public mutating func handleBindingRequest(
        _ message: STUNMessage, from source: SocketAddress, now: NIODeadline, sourceIsProven: Bool = false
    ) -> ICEResponse {
        if let action = handleTimer(now: now) {
            // The deadline passed before this check was seen: too late.
            counters.record(.agentClosed(state))
            return ICEResponse(reply: nil, rejection: .agentClosed(state), action: action)
        }
        guard !state.isFinal else { return reject(.agentClosed(state), request: nil) }
        guard message.type == .bindingRequest else { return reject(.notBindingRequest(message.type), request: nil) }
        // RFC 8489 §7.3: a wrong FINGERPRINT means "not STUN"; ICE checks
        // must carry one (RFC 8445 §7.2.2) but older peers are tolerated.
        guard message.checkFingerprint() != .invalid else { return reject(.badFingerprint, request: nil) }
        guard let mappedAddress = STUNAddress(source) else { return reject(.unsupportedAddress, request: nil) }

        let integrity: IntegrityAlgorithm
        switch authenticate(message) {
        case .success(let algorithm): integrity = algorithm
        case .failure(let error): return reject(error, request: message)
        }

        // RFC 8489 §6.3.1: unknown attributes are checked after authentication.
        let unknown = message.unknownComprehensionRequired
        if !unknown.isEmpty {
            return reject(.unknownComprehensionRequired(unknown), request: message, integrity: integrity)
        }
        // RFC 8445 §6.1.1: a lite agent is always controlled and never
        // switches (§7.3.1.1), so a peer that is controlled too gets 487
        // whatever its tie breaker; it has to take the controlling role.
        if let tieBreaker = message.iceControlled {
            return reject(.roleConflict(tieBreaker: tieBreaker), request: message, integrity: integrity)
        }

        let (action, probe) = acceptCheck(
            from: source, nominating: message.useCandidate, proven: sourceIsProven, now: now)
        let success = STUNMessage.bindingSuccess(to: message, mappedAddress: mappedAddress)
        return ICEResponse(reply: serialize(success, integrity: integrity), action: action, probe: probe)
    }

    /// The state change of a valid check, and the probe to send its source
    /// when that address is not proven yet.
    private mutating func acceptCheck(from source: SocketAddress, nominating: Bool, proven: Bool, now: NIODeadline)
        -> (ICELiteAction?, ICEConnectivityCheck?)
    {
        counters.valid &+= 1
        rememberCandidate(source)
        if nominating { counters.nominating &+= 1 }
        if source == selectedAddress {
            lastConsent = now
            return (nil, nil)
        }
        if selectedAddress == nil {
            lastConsent = now
            if state == .new { state = .checking }
        }
        // A check from elsewhere than the selected address does not refresh
        // its consent (RFC 7675 §5.1: consent is per selected pair).
        guard proven || validation.isValidated(source, now: now) else {
            if nominating { counters.nominationsDeferred &+= 1 }
            return (nil, probe(source, nominating: nominating, now: now))
        }
        return (nominating ? select(source, now: now) : nil, nil)
    }

    private mutating func rememberCandidate(_ source: SocketAddress) {
        guard !candidateAddresses.contains(source) else { return }
        if candidateAddresses.count >= Self.maxCandidateAddresses { candidateAddresses.removeFirst() }
        candidateAddresses.append(source)
    }

    /// Which MESSAGE-INTEGRITY variant a request used; the response uses the same.
    private enum IntegrityAlgorithm {
        case sha1, sha256
    }

    /// RFC 8489 §9.1.3 for short-term credentials.
    private func authenticate(_ message: STUNMessage) -> Result<IntegrityAlgorithm, ICEError> {
        guard let username = message.username else { return .failure(.missingUsername) }
        // The typed accessors stop before MESSAGE-INTEGRITY, so look at all attributes.
        let hasIntegrity = message.attributes.contains {
            $0.type == .messageIntegrity || $0.type == .messageIntegritySHA256
        }
        guard hasIntegrity else { return .failure(.missingMessageIntegrity) }
        let parsed: ICEUsername
        do { parsed = try ICEUsername(parsing: username) } catch { return .failure(error) }
        guard parsed.receiverUfrag == localCredentials.ufrag else {
            return .failure(.unknownUfrag(String(parsed.receiverUfrag)))
        }
        if let remote = remoteCredentials, parsed.senderUfrag != remote.ufrag {
            return .failure(.remoteUfragMismatch(String(parsed.senderUfrag)))
        }
        // ICE uses the SHA-1 variant (RFC 8445 §7.2.2); SHA-256 is accepted
        // when it is the only one in effect, and the response then uses it too.
        switch message.checkMessageIntegrity(key: localKey) {
        case .valid:
            return .success(.sha1)
        case .absent where message.checkMessageIntegritySHA256(key: localKey) == .valid:
            return .success(.sha256)
        default:
            return .failure(.integrityMismatch)
        }
    }

    /// Counts a rejection and builds its reply: an error response when the
    /// reason has a code and `request` is given, otherwise nothing.
    private mutating func reject(_ error: ICEError, request: STUNMessage?, integrity: IntegrityAlgorithm? = nil)
        -> ICEResponse
    {
        counters.record(error)
        guard let request, let code = error.responseCode else { return ICEResponse(reply: nil, rejection: error) }
        var unknown: [STUNAttributeType] = []
        if case .unknownComprehensionRequired(let types) = error { unknown = types }
        let response = STUNMessage.errorResponse(to: request, error: code, unknownAttributes: unknown)
        return ICEResponse(reply: serialize(response, integrity: integrity), rejection: error)
    }

    private func serialize(_ response: STUNMessage, integrity: IntegrityAlgorithm?) -> ByteBuffer {
        switch integrity {
        case .sha1: return response.serialized(integrityKey: localKey, fingerprint: true)
        case .sha256: return response.serialized(integritySHA256Key: localKey, fingerprint: true)
        case nil: return response.serialized(fingerprint: true)
        }
    }
}
