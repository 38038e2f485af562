/// What one worker's ICE-TCP connections carried and why they ended, for
/// metrics. Kept on the worker's event loop.
public struct ICETCPCounters: Sendable, Hashable {
    /// Connections bound to a peer by an authenticated Binding request.
    public var connectionsBound: UInt64 = 0
    /// Connections the server closed, by reason.
    public var closedFirstFrameTimeout: UInt64 = 0
    public var closedPartialFrameTimeout: UInt64 = 0
    public var closedIdle: UInt64 = 0
    /// Framing errors, by reason: a LENGTH above the limit (closes), a zero
    /// LENGTH (skipped), a first frame that is not a Binding request for a
    /// known peer (closes), a frame that is no STUN/DTLS/RTP (dropped), a
    /// stream that ended inside a frame.
    public var framingTooLong: UInt64 = 0
    public var framingZeroLength: UInt64 = 0
    public var framingNotSTUNFirst: UInt64 = 0
    public var framingUnknownUfrag: UInt64 = 0
    public var framingUnknownKind: UInt64 = 0
    public var framingTruncated: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    public var packetsReceived: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var packetsSent: UInt64 = 0
    /// Packets dropped because the connection's write buffer was full.
    public var packetsDroppedWriteBuffer: UInt64 = 0

    public init() {}

    /// Two workers' counters added.
    public func adding(_ other: ICETCPCounters) -> ICETCPCounters {
        var sum = self
        sum.connectionsBound &+= other.connectionsBound
        sum.closedFirstFrameTimeout &+= other.closedFirstFrameTimeout
        sum.closedPartialFrameTimeout &+= other.closedPartialFrameTimeout
        sum.closedIdle &+= other.closedIdle
        sum.framingTooLong &+= other.framingTooLong
        sum.framingZeroLength &+= other.framingZeroLength
        sum.framingNotSTUNFirst &+= other.framingNotSTUNFirst
        sum.framingUnknownUfrag &+= other.framingUnknownUfrag
        sum.framingUnknownKind &+= other.framingUnknownKind
        sum.framingTruncated &+= other.framingTruncated
        sum.bytesReceived &+= other.bytesReceived
        sum.packetsReceived &+= other.packetsReceived
        sum.bytesSent &+= other.bytesSent
        sum.packetsSent &+= other.packetsSent
        sum.packetsDroppedWriteBuffer &+= other.packetsDroppedWriteBuffer
        return sum
    }
}
