import NIOCore
import STUN

extension ICELiteAgent {
    /// Handles a Binding response from `source`: the answer to one of our
    /// probes (`ICEResponse.probe`). A success from the probed address,
    /// authenticated with the peer's password, proves the address; the
    /// action is then `.selected` or `.selectedAddressChanged` when the peer
    /// had nominated it meanwhile, else `.validated`. Anything else proves
    /// nothing and is counted (`probeResponsesRejected`); no reply is ever
    /// sent to a response.
    public mutating func handleBindingResponse(_ message: STUNMessage, from source: SocketAddress, now: NIODeadline)
        -> ICEResponse
    {
        if let action = handleTimer(now: now) {
            counters.record(.agentClosed(state))
            return ICEResponse(reply: nil, rejection: .agentClosed(state), action: action)
        }
        guard !state.isFinal else { return reject(.agentClosed(state)) }
        guard message.type == .bindingSuccess || message.type == .bindingError else {
            return reject(.notBindingResponse(message.type))
        }
        let probe: ICEAddressValidation.Probe
        do { probe = try validation.complete(message, from: source, now: now) } catch {
            counters.probeResponsesRejected &+= 1
            return ICEResponse(reply: nil, rejection: error)
        }
        counters.addressesValidated &+= 1
        // A nomination seen while the address was unproven takes effect
        // now; a proof alone only lets the address be routed.
        guard probe.nominated, source != selectedAddress else {
            return ICEResponse(reply: nil, action: .validated(source))
        }
        return ICEResponse(reply: nil, action: select(source, now: now))
    }

    /// Selects `address`, proven and nominated: the first selection, or a
    /// move (NAT rebinding, network change), which counts as consent.
    mutating func select(_ address: SocketAddress, now: NIODeadline) -> ICELiteAction {
        lastConsent = now
        guard let previous = selectedAddress else {
            selectedAddress = address
            state = .connected
            return .selected(address)
        }
        selectedAddress = address
        counters.addressChanges &+= 1
        return .selectedAddressChanged(from: previous, to: address)
    }

    /// The probe for a valid check from `source`, an address not proven
    /// yet; nil while one is in flight there, or before the peer's
    /// credentials are known (the probe is keyed with its password; the
    /// peer's next check will bring one).
    mutating func probe(_ source: SocketAddress, nominating: Bool, now: NIODeadline) -> ICEConnectivityCheck? {
        guard let remote = remoteCredentials else { return nil }
        let check = validation.probe(source, nominating: nominating, now: now) {
            ICEConnectivityCheck(
                localCredentials: localCredentials, remoteCredentials: remote, tieBreaker: probeTieBreaker,
                useCandidate: false, controlled: true)
        }
        if check != nil { counters.probesSent &+= 1 }
        return check
    }

    private mutating func reject(_ error: ICEError) -> ICEResponse {
        counters.probeResponsesRejected &+= 1
        return ICEResponse(reply: nil, rejection: error)
    }
}
