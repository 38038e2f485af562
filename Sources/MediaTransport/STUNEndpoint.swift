import ICELite
import Logging
import NIOCore
import NIOPosix

/// The plain STUN Binding endpoint (RFC 8489 §12, default UDP 3478): tells
/// any client its server-reflexive address, with a per-source rate limit.
/// One socket on one event loop; the logic is `STUNBindingResponder`.
public final class STUNEndpoint: Sendable {
    public let localAddress: SocketAddress
    private let channel: any Channel
    private let handler: NIOLoopBound<STUNEndpointHandler>

    private init(channel: any Channel, handler: NIOLoopBound<STUNEndpointHandler>) throws {
        guard let localAddress = channel.localAddress else { throw MediaTransportError.notBound }
        self.channel = channel
        self.handler = handler
        self.localAddress = localAddress
    }

    public static func bind(
        host: String, port: Int, on eventLoop: any EventLoop,
        configuration: STUNBindingResponder.Configuration = .init(),
        logger: Logger = Logger(label: "switchboard.stun")
    ) async throws -> STUNEndpoint {
        let handler = try await eventLoop.submit {
            NIOLoopBound(
                STUNEndpointHandler(responder: STUNBindingResponder(configuration: configuration), logger: logger),
                eventLoop: eventLoop)
        }.get()
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.datagramVectorReadMessageCount, value: 16)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
            .bind(host: host, port: port)
            .get()
        return try STUNEndpoint(channel: channel, handler: handler)
    }

    /// What the responder did so far.
    public func counters() async throws -> STUNBindingResponder.Counters {
        try await channel.eventLoop.submit { [handler] in handler.value.responder.counters }.get()
    }

    public func close() async throws {
        try await channel.close()
    }
}

final class STUNEndpointHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private(set) var responder: STUNBindingResponder
    private let logger: Logger
    private var unflushed = false

    init(responder: STUNBindingResponder, logger: Logger) {
        self.responder = responder
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        switch responder.handle(envelope.data, from: envelope.remoteAddress, now: .now()) {
        case .reply(let response):
            context.write(
                wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: response)), promise: nil)
            unflushed = true
        case .ignored:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("STUN socket error", metadata: ["error": "\(error)"])
    }
}
