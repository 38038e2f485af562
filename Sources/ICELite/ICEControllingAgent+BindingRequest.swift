import NIOCore
import STUN

extension ICEControllingAgent {
    /// Answers a Binding request from the lite server: the probe it sends
    /// to prove our address before selecting it (`ICEAddressValidation`).
    /// A full agent answers any valid check (RFC 8445 §7.3); this one
    /// answers only a USERNAME of "localUfrag:remoteUfrag" signed with our
    /// password, and drops everything else silently (nil). The success
    /// carries XOR-MAPPED-ADDRESS = `source`, MESSAGE-INTEGRITY keyed with
    /// our password, and FINGERPRINT.
    public func answer(_ request: STUNMessage, from source: SocketAddress) -> ByteBuffer? {
        guard state == .checking || state == .connected, request.type == .bindingRequest,
            request.checkFingerprint() != .invalid, let username = request.username,
            let parsed = try? ICEUsername(parsing: username),
            parsed.receiverUfrag == localCredentials.ufrag, parsed.senderUfrag == remoteCredentials.ufrag,
            let mappedAddress = STUNAddress(source)
        else { return nil }
        let key = STUNKey.shortTerm(password: localCredentials.password)
        guard request.checkMessageIntegrity(key: key) == .valid else { return nil }
        // We are controlling; a request claiming that role too is a conflict
        // this agent does not resolve (the server is always controlled).
        guard request.iceControlling == nil else { return nil }
        return STUNMessage.bindingSuccess(to: request, mappedAddress: mappedAddress)
            .serialized(integrityKey: key, fingerprint: true)
    }
}
