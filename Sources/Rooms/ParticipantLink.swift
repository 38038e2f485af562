import DataChannel
import MediaNegotiation
import NIOCore

/// How a room reaches one participant: its signaling socket and its two
/// peer connections. Implemented by the I/O layer; called on the room's
/// event loop only.
public protocol ParticipantLink: AnyObject {
    /// Tells the participant what changed in its room, in order; the link
    /// maps the event to its own wire form.
    func deliver(_ event: RoomEvent)
    /// Sends an RTP packet on the subscribe PC (protected in place); false
    /// when that transport is not connected yet.
    @discardableResult
    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool
    /// Sends an RTCP packet on the subscribe PC.
    func sendToSubscriber(rtcp packet: inout ByteBuffer)
    /// Sends an RTCP packet on the publish PC (keyframe requests, reports).
    func sendToPublisher(rtcp packet: inout ByteBuffer)
    /// What the server writes about itself in the subscribe PC's SDP.
    var subscribeTransport: ServerTransportParameters { get }

    // Data channels on the subscribe PC (defaults below: links without them).
    func openForwardedChannel(label: String, protocol name: String, type: DataChannelType) -> UInt16?
    func sendForwarded(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) -> Bool
    func closeForwardedChannel(_ channel: UInt16)
    var forwardedBufferedAmount: Int { get }
    var forwardedMaxMessageSize: Int { get }
}

/// Data channels on the subscribe PC, for links that carry them. The room
/// opens a channel per channel of every other participant and forwards
/// their messages on it.
extension ParticipantLink {
    /// Opens a channel on the subscribe PC; nil when its association is not
    /// up or has no free stream.
    public func openForwardedChannel(label: String, protocol name: String, type: DataChannelType) -> UInt16? { nil }
    /// Queues one message on a forwarded channel; false when it was refused
    /// (channel gone, message larger than the peer accepts, buffer full).
    public func sendForwarded(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) -> Bool { false }
    /// Closes a forwarded channel (stream reset).
    public func closeForwardedChannel(_ channel: UInt16) {}
    /// Bytes queued on the subscribe PC's association, not yet acknowledged.
    public var forwardedBufferedAmount: Int { 0 }
    /// The largest message the subscriber accepts (its a=max-message-size).
    public var forwardedMaxMessageSize: Int { 0 }
}
