import NIOCore
import NIOPosix

/// A UDP relay on 127.0.0.1 between one client and one server, for tests
/// that need loss or silence on a real path: the client sends to the relay,
/// the relay forwards to the server from its own port and back.
final class UDPRelay: Sendable {
    enum Direction: Sendable { case toServer, toClient }

    /// Decides, per datagram, whether to drop it. Called on the relay's loop.
    typealias DropRule = @Sendable (Direction, ByteBuffer) -> Bool

    let address: SocketAddress
    private let channel: any Channel
    private let handler: NIOLoopBound<RelayHandler>

    private init(channel: any Channel, handler: NIOLoopBound<RelayHandler>) {
        self.channel = channel
        self.handler = handler
        self.address = channel.localAddress!
    }

    static func start(on eventLoop: any EventLoop, server: SocketAddress, drop: @escaping DropRule) async throws
        -> UDPRelay
    {
        let handler = try await eventLoop.submit {
            NIOLoopBound(RelayHandler(server: server, drop: drop), eventLoop: eventLoop)
        }.get()
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler.value) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return UDPRelay(channel: channel, handler: handler)
    }

    /// Stops forwarding anything, both ways: the peers go silent to each other.
    func blackhole() async throws {
        try await channel.eventLoop.submit { [handler] in handler.value.silent = true }.get()
    }

    /// Sends `datagrams` to the server from the relay's address, as if the
    /// client had sent them: they reach the client's peer transport.
    func injectToServer(_ datagrams: [ByteBuffer]) async throws {
        try await channel.eventLoop.submit { [handler, channel] in
            for datagram in datagrams {
                channel.write(AddressedEnvelope(remoteAddress: handler.value.server, data: datagram), promise: nil)
            }
            channel.flush()
        }.get()
    }

    /// Datagrams dropped so far (by the rule or the blackhole).
    func dropped() async throws -> Int {
        try await channel.eventLoop.submit { [handler] in handler.value.dropped }.get()
    }

    func close() async throws {
        try await channel.close()
    }
}

private final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let server: SocketAddress
    let drop: UDPRelay.DropRule
    var client: SocketAddress?
    var silent = false
    var dropped = 0

    init(server: SocketAddress, drop: @escaping UDPRelay.DropRule) {
        self.server = server
        self.drop = drop
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let direction: UDPRelay.Direction
        let destination: SocketAddress
        if envelope.remoteAddress == server {
            guard let client else { return }
            direction = .toClient
            destination = client
        } else {
            client = envelope.remoteAddress
            direction = .toServer
            destination = server
        }
        if silent || drop(direction, envelope.data) {
            dropped += 1
            return
        }
        context.writeAndFlush(
            wrapOutboundOut(AddressedEnvelope(remoteAddress: destination, data: envelope.data)), promise: nil)
    }
}
