import ICELite
import NIOCore
import STUN

/// What a peer transport needs from the socket that carries it: a way to
/// send, and a routing table to keep current. Implemented by the worker's
/// channel handler; called on its event loop only.
protocol PeerTransportHost: AnyObject {
    var eventLoop: any EventLoop { get }
    /// Queues `datagram` to `address`; flushed at the end of the read batch
    /// or of the event-loop tick.
    func send(_ datagram: ByteBuffer, to address: SocketAddress)
    /// Routes DTLS and SRTP datagrams from `address` to `peer` (an address
    /// proven to be the peer's). Refused (false) when another peer has it.
    @discardableResult
    func route(_ address: SocketAddress, to peer: PeerTransport) -> Bool
    /// Routes the STUN response with `transactionID` to `peer` (the answer
    /// to its address probe, from an address not routed yet).
    func expectResponse(to transactionID: STUNTransactionID, for peer: PeerTransport)
    /// Adds what a peer's ICE agent counted between two snapshots.
    func countICE(from before: ICECheckCounters, to after: ICECheckCounters)
    /// The peer restarted ICE: STUN naming `newUfrag` reaches it from now
    /// on, and checks naming the old one no longer do.
    func peer(_ peer: PeerTransport, changedUfrag oldUfrag: String)
    /// The peer closed: forget every route to it.
    func peerDidClose(_ peer: PeerTransport, reason: PeerCloseReason)
    /// Updates the worker's data channel counters.
    func countDataChannels(_ update: (inout DataChannelTransportCounters) -> Void)
    /// Counts a datagram dropped by a peer.
    func countDrop(_ reason: PeerTransport.DropReason)
}
