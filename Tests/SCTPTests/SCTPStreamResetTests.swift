import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// RFC 6525 stream reset as data channels close them (RFC 8831 §6.7).
@Suite struct SCTPStreamResetTests {
    @Test func resetAfterQueuedDataAndStreamReuse() throws {
        var link = SCTPLink.pair(dropEvery: 5)
        link.connectBoth()
        for index in 0..<5 { try link.send(messageBytes(size: 3000, seed: index), from: 0, stream: 4) }
        link.apply(link.sides[0].resetStreams([4], now: link.clock.now), from: 0)
        #expect(throws: SCTPSendError.streamResetting(4)) { try link.send([1], from: 0, stream: 4) }
        let done1 = link.run { $0.events[0].contains(.outgoingStreamsReset([4])) }
        #expect(done1)
        #expect(link.events[1].contains(.incomingStreamsReset([4])))
        #expect(link.received[1].count == 5)
        // The stream starts again at SSN 0 on both sides.
        try link.send([9, 9], from: 0, stream: 4)
        let done2 = link.drain()
        #expect(done2)
        #expect(link.received[1].last.map { Array($0.bytes.readableBytesView) } == [9, 9])
    }

    @Test func repeatedRequestGetsTheSameAnswer() throws {
        var link = SCTPLink.pair()
        link.connectBoth()
        link.apply(link.sides[0].resetStreams([1], now: link.clock.now), from: 0)
        guard let request = link.wire.last?.bytes else { Issue.record("no request"); return }
        let done3 = link.drain()
        #expect(done3)
        let answer = link.sides[1].handle(packet: request, now: link.clock.now)
        guard case .send(let bytes) = answer.first, let packet = try? SCTPPacket(parsing: bytes),
            case .reconfig(let reconfig) = packet.chunks.first
        else { Issue.record("no answer"); return }
        #expect(reconfig.parameters.count == 1)
        if case .response(_, let result) = reconfig.parameters[0] { #expect(result == .successPerformed) }
        #expect(link.events[1].filter { $0 == .incomingStreamsReset([1]) }.count == 1)
    }
}
