import ICELite
import NIOCore
import STUN

/// One relay socket (an allocation's relayed transport address): every
/// datagram from a peer goes to the engine, which checks the permission.
final class TURNRelayHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private unowned let hub: TURNRelayHub
    private let relay: STUNAddress

    init(hub: TURNRelayHub, relay: STUNAddress) {
        self.hub = hub
        self.relay = relay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let peer = STUNAddress(envelope.remoteAddress) else { return }
        hub.fromPeer(envelope.data, from: peer, to: relay)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (ECONNREFUSED) concern one peer, never the socket.
    }
}
