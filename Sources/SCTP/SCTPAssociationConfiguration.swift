import NIOCore

/// What an association may hold and how it retransmits. The defaults
/// are RFC 9260 §16's protocol parameters and the WebRTC values of
/// RFC 8831 (port 5000, 1200-byte packets, 256 KiB messages).
public struct SCTPAssociationConfiguration: Sendable {
    public var localPort: UInt16 = 5000
    public var remotePort: UInt16 = 5000
    /// Largest SCTP packet handed to DTLS; DATA fragments fill it.
    public var mtu = 1200
    /// Largest message accepted from the peer (our a=max-message-size).
    public var maxMessageSize = 262_144
    /// Largest message the peer accepts (its a=max-message-size).
    public var remoteMaxMessageSize = 262_144
    /// Bytes the receiver buffers for reassembly and reordering (a_rwnd).
    public var receiveWindow = 1_048_576
    /// Bytes of messages queued and not yet acknowledged.
    public var sendBufferLimit = 4 * 1_048_576
    /// Streams offered; the negotiated counts are the smaller of both sides'.
    public var outboundStreams: UInt16 = 1024
    public var inboundStreams: UInt16 = 1024
    /// RTO.Initial, RTO.Min, RTO.Max (RFC 9260 §16).
    public var rtoInitial: TimeAmount = .seconds(1)
    public var rtoMin: TimeAmount = .seconds(1)
    public var rtoMax: TimeAmount = .seconds(60)
    /// Max.Init.Retransmits and Association.Max.Retrans (RFC 9260 §16).
    public var maxInitRetransmits = 8
    public var maxAssociationRetransmits = 10
    /// Valid.Cookie.Life (RFC 9260 §16).
    public var cookieLifetime: TimeAmount = .seconds(60)
    /// The delayed SACK timer (RFC 9260 §6.2: at most 500 ms, 200 ms usual).
    public var delayedAckTimeout: TimeAmount = .milliseconds(200)

    public init() {}

    /// User data bytes that fit one DATA chunk in one packet: a multiple of
    /// 4, since the chunk is padded to one (RFC 9260 §3.2) and the padding
    /// must fit the MTU too (DTLS records carry one packet, no byte more).
    var maxFragmentSize: Int { max(4, (mtu - SCTPPacket.commonHeaderSize - SCTPDataChunk.headerSize) / 4 * 4) }
}
