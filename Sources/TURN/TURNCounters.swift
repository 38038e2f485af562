/// Why the server dropped a packet without an answer.
public enum TURNDropReason: String, Sendable, Hashable, CaseIterable {
    /// Neither STUN nor ChannelData, or a STUN message that does not parse.
    case malformed
    /// FINGERPRINT present and wrong (RFC 8489 §7.3).
    case badFingerprint
    /// A response, or an indication other than Send, from a client.
    case unexpectedMessage
    /// A Send indication missing XOR-PEER-ADDRESS or DATA, or with bad ones.
    case badIndication
    /// ChannelData declaring more bytes than the datagram holds (RFC 8656 §12.6).
    case channelDataOverrun
    /// No allocation for the 5-tuple or relayed address.
    case noAllocation
    /// No live permission for the peer's IP (RFC 8656 §9).
    case noPermission
    /// ChannelData on a channel that is not bound.
    case noChannel
    /// The peer policy refuses the peer's transport address.
    case forbiddenPeer
    /// Over the allocation's bandwidth.
    case bandwidth
}

/// What the server did, for /metrics. Monotonic counts but `allocationsActive`.
public struct TURNCounters: Sendable, Hashable {
    public var allocationsActive = 0
    public var allocationsCreated: UInt64 = 0
    /// Allocations whose lifetime ran out.
    public var allocationsExpired: UInt64 = 0
    /// Allocations ended by the client (Refresh with LIFETIME 0, TCP close).
    public var allocationsDeleted: UInt64 = 0
    /// Allocations ended because the owner could not open a relay.
    public var allocationsFailed: UInt64 = 0
    /// Relay ports the owner could not bind, replaced by the next free one.
    public var relayRetries: UInt64 = 0
    /// Error responses by code (401, 438, 437, 486, ...).
    public var refusals: [UInt16: UInt64] = [:]
    /// Binding requests answered (a TURN server is a STUN server too).
    public var bindingAnswers: UInt64 = 0
    public var clientToPeerPackets: UInt64 = 0
    public var clientToPeerBytes: UInt64 = 0
    public var peerToClientPackets: UInt64 = 0
    public var peerToClientBytes: UInt64 = 0
    public var drops: [TURNDropReason: UInt64] = [:]

    public init() {}

    mutating func drop(_ reason: TURNDropReason) {
        drops[reason, default: 0] &+= 1
    }

    mutating func refuse(_ code: UInt16) {
        refusals[code, default: 0] &+= 1
    }
}
