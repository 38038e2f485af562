import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import MediaTransport

/// One ICE-TCP connection in an embedded channel: what it writes, and what
/// it drops when the socket's write buffer is past its mark.
@Suite struct ICETCPConnectionHandlerTests {
    private static func connection(limiter: ICETCPConnectionLimiter = .init(maxConnections: 4, maxConnectionsPerAddress: 2))
        throws -> (EmbeddedChannel, ICETCPConnectionHandler, MediaWorkerHandler)
    {
        let channel = EmbeddedChannel()
        let worker = MediaWorkerHandler(
            eventLoop: channel.embeddedEventLoop, clock: SystemMediaClock(), logger: Logger(label: "test.icetcp"))
        let connection = ICETCPConnectionHandler(worker: worker, limiter: limiter, configuration: ICETCPConfiguration())
        try channel.pipeline.syncOperations.addHandler(connection)
        try channel.connect(to: SocketAddress(ipAddress: "192.0.2.1", port: 5_000)).wait()
        return (channel, connection, worker)
    }

    @Test func packetsAreFramedAndDroppedPastTheWriteBufferMark() throws {
        let (channel, connection, worker) = try Self.connection()
        connection.send(ByteBuffer(bytes: [1, 2, 3]))
        channel.embeddedEventLoop.run()  // the end-of-tick flush
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(written.readableBytesView) == [0x00, 0x03, 1, 2, 3])

        channel.isWritable = false
        connection.send(ByteBuffer(bytes: [4, 5]))
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(worker.tcpCounters.packetsSent == 1)
        #expect(worker.tcpCounters.packetsDroppedWriteBuffer == 1)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    @Test func connectionsPastTheAddressLimitAreClosedOnAccept() throws {
        let limiter = ICETCPConnectionLimiter(maxConnections: 4, maxConnectionsPerAddress: 2)
        let first = try Self.connection(limiter: limiter)
        let second = try Self.connection(limiter: limiter)
        let third = try Self.connection(limiter: limiter)
        #expect(first.0.isActive && second.0.isActive)
        #expect(!third.0.isActive)
        #expect(limiter.snapshot.open == 2 && limiter.snapshot.refused[.perAddress] == 1)
        // A close gives its place back.
        _ = try first.0.finish(acceptAlreadyClosed: true)
        #expect(limiter.snapshot.open == 1)
        #expect(try Self.connection(limiter: limiter).0.isActive)
    }
}
