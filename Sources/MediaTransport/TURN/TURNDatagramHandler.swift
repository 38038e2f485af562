import ICELite
import NIOCore
import STUN
import TURN

/// The client-facing UDP socket (the STUN port): plain Binding requests
/// get the same answer, rate limit and counts as `STUNEndpoint` gives them;
/// TURN requests, Send indications and ChannelData go to the engine.
final class TURNDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private unowned let hub: TURNRelayHub
    private(set) var responder: STUNBindingResponder
    private var server: STUNAddress?

    init(hub: TURNRelayHub, responder: STUNBindingResponder) {
        self.hub = hub
        self.responder = responder
    }

    func channelActive(context: ChannelHandlerContext) {
        server = context.channel.localAddress.flatMap { STUNAddress($0) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if Self.isBindingRequest(envelope.data) {
            if case .reply(let response) = responder.handle(envelope.data, from: envelope.remoteAddress, now: .now()) {
                hub.write(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: response), to: context.channel)
            }
            return
        }
        guard let client = STUNAddress(envelope.remoteAddress), let server else { return }
        hub.fromClient(envelope.data, fiveTuple: TURNFiveTuple(client: client, server: server, transport: .udp))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors concern one client, never the socket.
    }

    /// A STUN Binding request by its header (type 0x0001 and the magic
    /// cookie): those are the plain STUN server's, credentials or not.
    static func isBindingRequest(_ datagram: ByteBuffer) -> Bool {
        let start = datagram.readerIndex
        guard datagram.readableBytes >= STUNMessage.headerSize,
            datagram.getInteger(at: start, as: UInt16.self) == 0x0001,
            datagram.getInteger(at: start + 4, as: UInt32.self) == 0x2112_A442
        else { return false }
        return true
    }
}
