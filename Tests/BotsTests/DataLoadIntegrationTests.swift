@testable import Bots
import Logging
import Testing

/// `loadtest --data-rate` against the real server binary: publishers send
/// numbered messages on a data channel, every subscriber receives them
/// through the channels the server opens for it, none missing, in order.
@Suite(.serialized) struct DataLoadIntegrationTests {
    @Test(.timeLimit(.minutes(1))) func everySubscriberGetsEveryPublishersMessages() async throws {
        let server = try ServerProcess()
        var options = LoadTestOptions(
            url: server.signalingURL, rooms: 1, publishersPerRoom: 2, subscribersPerRoom: 3, durationSeconds: 5,
            audioOnly: true, rampPerSecond: 50, clipSeconds: 2)
        options.dataRate = 50
        options.dataMessageBytes = 1_000
        let runner = LoadTestRunner(options: options, logger: Logger(label: "test.loadtest")) { _ in }
        let report = try await runner.run()

        #expect(report.passed, "\(report.table())")
        let data = try #require(report.data)
        // 2 publishers at 50/s for about 5 s, minus start-up.
        #expect(data.counters.sent > 2 * 150)
        #expect(data.counters.sendFailures == 0)
        #expect(data.counters.missing == 0 && data.counters.late == 0 && data.counters.foreign == 0)
        // Each subscriber gets both publishers' messages from (about) its
        // join on; the ramp starts them within a tenth of a second.
        #expect(Double(data.counters.received) > 0.8 * 3 * Double(data.counters.sent))
        #expect(data.counters.bytesReceived == data.counters.received * 1_000)
        #expect(data.latency.samples == data.counters.received)
        #expect((data.latency.p50 ?? 1_000) < 100)
        #expect(report.table().contains("data: "))
    }

    @Test func messagesCarryTheirSequenceAndSendTime() throws {
        let message = DataLoadMessage(sequence: 42, sentAtUptimeNanoseconds: 7_000_000)
        let bytes = message.encoded(size: 64)
        #expect(bytes.readableBytes == 64)
        #expect(DataLoadMessage(parsing: bytes) == message)
        var receiver = DataLoadReceiver()
        receiver.receive(bytes, on: 1, nowUptimeNanoseconds: 9_000_000)
        receiver.receive(DataLoadMessage(sequence: 45, sentAtUptimeNanoseconds: 8_000_000).encoded(size: 20), on: 1, nowUptimeNanoseconds: 9_000_000)
        receiver.receive(DataLoadMessage(sequence: 44, sentAtUptimeNanoseconds: 8_000_000).encoded(size: 20), on: 1, nowUptimeNanoseconds: 9_000_000)
        receiver.receive(bytes.getSlice(at: 0, length: 10)!, on: 1, nowUptimeNanoseconds: 9_000_000)
        #expect(receiver.counters.received == 3)
        #expect(receiver.counters.missing == 2, "43 and 44 were skipped when 45 came")
        #expect(receiver.counters.late == 1)
        #expect(receiver.counters.foreign == 1)
        #expect(receiver.latency.count == 3)
    }

    @Test func theSenderKeepsItsRateWithoutBursts() {
        var sender = DataLoadSender(rate: 100, messageBytes: 10)
        #expect(sender.messageBytes == DataLoadMessage.headerBytes)
        #expect(sender.due(nowUptimeNanoseconds: 1_000_000_000).isEmpty, "the first call only starts the clock")
        #expect(sender.due(nowUptimeNanoseconds: 1_100_000_000).count == 10)
        // A 5 s stall sends a tenth of a second's worth, not 500.
        #expect(sender.due(nowUptimeNanoseconds: 6_100_000_000).count == 10)
        #expect(sender.nextSequence == 20)
    }
}
