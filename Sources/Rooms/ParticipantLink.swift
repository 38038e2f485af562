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
}
