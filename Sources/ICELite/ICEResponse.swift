import NIOCore

/// What the I/O layer must do after an agent event, beyond sending replies.
public enum ICELiteAction: Sendable, Hashable {
    /// The peer nominated `address` (first USE-CANDIDATE): bind the peer
    /// connection to it and route its DTLS/SRTP datagrams by it.
    case selected(SocketAddress)
    /// A nominating check came from a new address (NAT rebinding, network
    /// change): route by `to` from now on, and send there.
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

    public init(reply: ByteBuffer?, rejection: ICEError? = nil, action: ICELiteAction? = nil) {
        self.reply = reply
        self.rejection = rejection
        self.action = action
    }

    /// Whether the request was a valid check (answered with success).
    public var isValid: Bool { rejection == nil }
}
