import NIOCore

/// A user message: what one `send` carries and one `.message` delivers.
public struct SCTPMessage: Sendable, Hashable {
    public var streamIdentifier: UInt16
    /// The payload protocol identifier (RFC 8831 §8: string, binary, DCEP...).
    public var payloadProtocol: UInt32
    public var unordered: Bool
    public var bytes: ByteBuffer

    public init(streamIdentifier: UInt16, payloadProtocol: UInt32, unordered: Bool = false, bytes: ByteBuffer) {
        self.streamIdentifier = streamIdentifier
        self.payloadProtocol = payloadProtocol
        self.unordered = unordered
        self.bytes = bytes
    }
}

/// How hard the sender tries (RFC 3758 partial reliability, as RFC 8831
/// §6.1 uses it).
public enum SCTPReliability: Sendable, Hashable {
    case reliable
    /// Abandon after this many retransmissions.
    case maxRetransmits(Int)
    /// Abandon once the message has been queued this long.
    case lifetime(TimeAmount)
}

/// Why an association ended.
public enum SCTPCloseReason: Sendable, Hashable {
    /// SHUTDOWN sequence completed.
    case shutdown
    /// The peer sent ABORT.
    case abortedByPeer
    /// This side aborted: the user asked, or the peer broke the protocol.
    case aborted(String)
    /// INIT, COOKIE-ECHO or data went unanswered past the retransmission limit.
    case timedOut
}

/// What the owner of an `SCTPAssociation` does next.
public enum SCTPAction: Sendable, Hashable {
    /// Send this SCTP packet (as DTLS application data).
    case send(ByteBuffer)
    /// The association is up; messages may be sent.
    case established
    /// A complete user message from the peer.
    case message(SCTPMessage)
    /// The peer reset its outgoing streams: these incoming streams start
    /// again at SSN 0 (RFC 6525 §5.2.2); a data channel on them is closing.
    case incomingStreamsReset([UInt16])
    /// Our reset request for these outgoing streams completed.
    case outgoingStreamsReset([UInt16])
    /// The association is gone; no further actions follow.
    case closed(SCTPCloseReason)
}
