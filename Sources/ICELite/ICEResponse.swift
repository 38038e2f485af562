import NIOCore

/// What the I/O layer must do after an agent event, beyond sending replies.
public enum ICELiteAction: Sendable, Hashable {
    /// `address` answered a probe: route its DTLS/SRTP datagrams to this peer.
    case validated(SocketAddress)
    /// The peer nominated `address` (first USE-CANDIDATE) and it is proven:
    /// bind the peer connection to it.
    case selected(SocketAddress)
    /// The peer nominated a new, proven address (NAT rebinding, network
    /// change): send there from now on.
    case selectedAddressChanged(from: SocketAddress, to: SocketAddress)
    /// No valid check within the consent timeout (RFC 7675 §5.1): close the
    /// peer connection and release everything it holds.
    case consentExpired
}

/// The agent's answer to one received Binding request.
public struct ICEResponse: Sendable, Hashable {
    /// The datagram to send back to the request's source address, ready to
    /// go; nil when the request is dropped silently.
    public var reply: ByteBuffer?
    /// Why the request was rejected; nil for a valid check.
    public var rejection: ICEError?
    /// A change the caller must act on, if any.
    public var action: ICELiteAction?
    /// A Binding request to send to the request's source as well, to prove
    /// the peer receives there (`ICEAddressValidation`); its response must
    /// be routed back to the agent by transaction ID.
    public var probe: ICEConnectivityCheck?

    public init(
        reply: ByteBuffer?, rejection: ICEError? = nil, action: ICELiteAction? = nil,
        probe: ICEConnectivityCheck? = nil
    ) {
        self.reply = reply
        self.rejection = rejection
        self.action = action
        self.probe = probe
    }

    /// Whether the request was a valid check (answered with success).
    public var isValid: Bool { rejection == nil }
}
