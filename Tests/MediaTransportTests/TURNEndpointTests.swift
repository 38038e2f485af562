import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import STUN
import TURN
import Testing

/// The TURN endpoint on live loopback sockets: the STUN port keeps
/// answering plain Binding requests (no credentials) exactly as
/// `STUNEndpoint` does, while TURN requests reach the engine.
@Suite struct TURNEndpointTests {
    static func configuration(tcp: Bool = false) -> TURNEndpointConfiguration {
        TURNEndpointConfiguration(
            host: "127.0.0.1", udpPort: 0, tcpPort: 0, relayHost: "127.0.0.1", relayPorts: 41_000...41_009,
            server: TURNServer.Configuration(realm: "test", secret: Array("secret".utf8)))
    }

    @Test(.timeLimit(.minutes(1))) func plainBindingIsAnsweredAsBefore() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = try await TURNEndpoint.bind(configuration: Self.configuration(), on: group.next())
        let port = try #require(endpoint.udpAddress.port)

        let client = try PythonPeer(script: "stun_binding_client.py", arguments: ["127.0.0.1", "\(port)", "--count", "3"])
        defer { client.terminate() }
        let result = try await client.readJSON()
        let local = result["local"] as? [Any]
        let mapped = result["mapped"] as? [Any]
        #expect(result["answered"] as? Int == 3)
        #expect(mapped?.last as? Int == local?.last as? Int, "XOR-MAPPED-ADDRESS is the client's own port")
        #expect(result["fingerprint_ok"] as? Bool == true)
        let snapshot = try await endpoint.snapshot()
        #expect(snapshot.binding.answered == 3)
        #expect(snapshot.engine.bindingAnswers == 0, "Binding on UDP never reaches the engine")

        try await endpoint.close()
        try await group.shutdownGracefully()
    }

    @Test(.timeLimit(.minutes(1))) func allocateWithoutCredentialsIsChallengedAndGarbageCounted() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = try await TURNEndpoint.bind(configuration: Self.configuration(), on: group.next())
        let answers = AsyncStream.makeStream(of: ByteBuffer.self)
        let client = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: answers.continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let allocate = STUNMessage(
            type: STUNMessageType(method: .allocate, messageClass: .request), transactionID: .random(),
            attributes: [])
        for junk: [UInt8] in [[0x40, 0x01, 0x01, 0xF4, 1, 2], [0xFF, 0, 0, 0], [0, 3, 0, 40]] {
            try await client.writeAndFlush(AddressedEnvelope(remoteAddress: endpoint.udpAddress, data: ByteBuffer(bytes: junk)))
        }
        try await client.writeAndFlush(AddressedEnvelope(remoteAddress: endpoint.udpAddress, data: allocate.serialized()))
        var iterator = answers.stream.makeAsyncIterator()
        let reply = try #require(await iterator.next())
        let response = try STUNMessage(parsing: reply)
        #expect(response.transactionID == allocate.transactionID)
        #expect(response.type.messageClass == .errorResponse)
        let snapshot = try await endpoint.snapshot()
        #expect(snapshot.engine.refusals[401] == 1)
        #expect(snapshot.engine.drops[.channelDataOverrun] == 1)
        #expect(snapshot.engine.drops[.malformed] == 2)

        try await client.close()
        try await endpoint.close()
        try await group.shutdownGracefully()
    }
}

private final class Collector: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let continuation: AsyncStream<ByteBuffer>.Continuation

    init(continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data).data)
    }
}
