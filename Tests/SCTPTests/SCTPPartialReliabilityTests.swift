import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// RFC 3758: messages given up after their retransmission limit or
/// lifetime are skipped with FORWARD-TSN; what follows still arrives.
@Suite struct SCTPPartialReliabilityTests {
    @Test func maxRetransmitsZeroDropsLostMessages() throws {
        var link = SCTPLink.pair(dropEvery: 4)
        link.connectBoth()
        for index in 0..<40 {
            try link.send(messageBytes(size: 800, seed: index) + [UInt8(index)], from: 0, stream: 3, reliability: .maxRetransmits(0))
        }
        let done1 = link.drain()
        #expect(done1)
        let got = link.received[1]
        #expect(got.count < 40 && got.count > 0)
        #expect(link.sides[0].counters.messagesAbandoned == 40 - got.count)
        // The ones that arrived are intact and in order.
        let indexes = got.map { Int($0.bytes.getInteger(at: 800, as: UInt8.self) ?? 255) }
        #expect(indexes == indexes.sorted())
        for message in got {
            let index = Int(message.bytes.getInteger(at: 800, as: UInt8.self)!)
            #expect(Array(message.bytes.readableBytesView) == messageBytes(size: 800, seed: index) + [UInt8(index)])
        }
        // Reliable messages after them are not held back.
        try link.send([42], from: 0, stream: 3)
        let done2 = link.drain()
        #expect(done2)
        #expect(link.received[1].last.map { Array($0.bytes.readableBytesView) } == [42])
    }

    @Test func fragmentedUnreliableMessageIsSkippedWhole() throws {
        var link = SCTPLink.pair(dropEvery: 6)
        link.connectBoth()
        for index in 0..<10 {
            try link.send(messageBytes(size: 6000, seed: index), from: 0, stream: 1, reliability: .maxRetransmits(1))
        }
        let done3 = link.drain()
        #expect(done3)
        for message in link.received[1] { #expect(message.bytes.readableBytes == 6000) }
        #expect(link.received[1].count + link.sides[0].counters.messagesAbandoned == 10)
    }

    @Test func lifetimeExpiresQueuedMessages() throws {
        var link = SCTPLink.pair { $0.receiveWindow = 1_048_576 }
        link.connectBoth()
        // The peer's link goes down: nothing arrives for a while.
        link.tamper = { _, _ in nil }
        for index in 0..<5 {
            try link.send(messageBytes(size: 5000, seed: index), from: 0, stream: 2, unordered: true, reliability: .lifetime(.milliseconds(300)))
        }
        let end = link.clock.now + .seconds(2)
        link.run { $0.clock.now > end }
        link.tamper = nil
        try link.send([7], from: 0, stream: 2, unordered: true)
        let done4 = link.drain()
        #expect(done4)
        #expect(link.received[1].map { Array($0.bytes.readableBytesView) } == [[7]])
        #expect(link.sides[0].counters.messagesAbandoned == 5)
    }
}
