import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import MediaTransport

/// A worker's sends wait for its socket in the channel's write queue; once
/// that is past its mark (`MediaTransportConfiguration.sendQueueBytes`)
/// the channel is not writable and sends are dropped and counted, not
/// queued without end.
@Suite struct SendQueueLimitTests {
    @Test func sendsPastTheQueueMarkAreDroppedAndCounted() throws {
        let channel = EmbeddedChannel()
        let worker = MediaWorkerHandler(
            eventLoop: channel.embeddedEventLoop, clock: SystemMediaClock(), logger: Logger(label: "test.sendqueue"))
        try channel.pipeline.syncOperations.addHandler(worker)
        let peer = try SocketAddress(ipAddress: "192.0.2.1", port: 5_000)

        worker.send(ByteBuffer(bytes: [1, 2, 3]), to: peer)
        channel.embeddedEventLoop.run()  // the end-of-tick flush
        let sent = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(Array(sent.data.readableBytesView) == [1, 2, 3])

        channel.isWritable = false
        worker.send(ByteBuffer(bytes: [4, 5]), to: peer)
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        #expect(worker.counters.datagramsSent == 1)
        #expect(worker.counters.droppedSendQueueFull == 1)

        channel.isWritable = true
        worker.send(ByteBuffer(bytes: [6]), to: peer)
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
