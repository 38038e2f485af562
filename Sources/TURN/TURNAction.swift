import NIOCore
import STUN

/// What the owner of a `TURNServer` (the I/O layer) does next. The engine
/// opens no sockets: it names the client by 5-tuple and the peer side by
/// relayed address, and the owner maps those to its channels.
public enum TURNAction: Sendable, Hashable {
    /// Send `bytes` (a STUN message or ChannelData frame) to the client on
    /// the connection or UDP socket of `fiveTuple`.
    case sendToClient(ByteBuffer, fiveTuple: TURNFiveTuple)
    /// Send `bytes` as one UDP datagram from relayed address `relay` to `peer`.
    case sendToPeer(ByteBuffer, peer: STUNAddress, relay: STUNAddress)
    /// A new allocation uses `relay`: bind it (if not bound already) and
    /// feed what arrives there to `handleFromPeer`. If binding fails, call
    /// `relayFailed`.
    case openRelay(STUNAddress, fiveTuple: TURNFiveTuple)
    /// The allocation of `relay` is gone: stop reading there (or return
    /// the socket to a pool).
    case releaseRelay(STUNAddress)
}
