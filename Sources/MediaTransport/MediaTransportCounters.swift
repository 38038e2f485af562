/// What a worker did with the datagrams it received and sent, for metrics.
/// Kept per worker on its event loop; read on the loop.
public struct MediaTransportCounters: Sendable, Hashable {
    public var datagramsReceived: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    public var datagramsSent: UInt64 = 0
    public var bytesSent: UInt64 = 0
    /// Dropped on arrival, by reason.
    public var droppedUnknownKind: UInt64 = 0
    public var droppedUnroutedSTUN: UInt64 = 0
    public var droppedUnroutedDatagram: UInt64 = 0
    public var droppedBeforeSRTP: UInt64 = 0
    public var droppedSRTPAuthentication: UInt64 = 0
    public var droppedSRTPReplay: UInt64 = 0
    public var droppedSRTPOther: UInt64 = 0
    /// Sends dropped because the worker's send queue was full
    /// (`MediaTransportConfiguration.sendQueueBytes`).
    public var droppedSendQueueFull: UInt64 = 0
    /// DTLS datagrams whose records do not tile them (never reach OpenSSL).
    public var droppedMalformedDTLS: UInt64 = 0
    /// SRTP streams removed because a peer sent more SSRCs than allowed.
    public var srtpStreamsEvicted: UInt64 = 0
    /// ICE checks answered with an error or dropped by the agent.
    public var rejectedChecks: UInt64 = 0
    /// Nominations from an address not yet proven to receive (selection
    /// waits for the probe's answer; a spoofed one never gets it).
    public var iceNominationsDeferred: UInt64 = 0
    /// Binding requests sent to prove a peer's new address, and answers.
    public var iceProbesSent: UInt64 = 0
    public var iceAddressesValidated: UInt64 = 0
    /// Responses that proved nothing (unknown transaction, wrong source or key).
    public var iceProbeResponsesRejected: UInt64 = 0
    /// Routes refused because the address belongs to another peer.
    public var routeTakeoversRefused: UInt64 = 0
    /// A peer's oldest routes dropped to stay within its bound.
    public var routesEvicted: UInt64 = 0
    /// Peers closed, by reason.
    public var peersClosedConsent: UInt64 = 0
    public var peersClosedDTLSFailure: UInt64 = 0
    public var peersClosedByOwner: UInt64 = 0
    public var peersClosedByRemote: UInt64 = 0
    /// The peers' data channel associations.
    public var dataChannels = DataChannelTransportCounters()

    public init() {}
}
