import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// Messages across the link: sizes from 1 byte to 1 MiB, ordered and
/// unordered, with and without loss.
@Suite struct SCTPTransferTests {
    static let sizes = [1, 2, 100, 1171, 1172, 1173, 5000, 65_536, 262_144, 1_048_576]

    func largeMessages(_ c: inout SCTPAssociationConfiguration) {
        c.maxMessageSize = 1_048_576
        c.remoteMaxMessageSize = 1_048_576
        c.receiveWindow = 2_097_152
        c.sendBufferLimit = 8_388_608
    }

    @Test(arguments: [nil, 7, 3])
    func orderedMessagesArriveCompleteAndInOrder(dropEvery: Int?) throws {
        var link = SCTPLink.pair(largeMessages, dropEvery: dropEvery)
        link.connectBoth()
        for (index, size) in SCTPTransferTests.sizes.enumerated() {
            try link.send(messageBytes(size: size, seed: index), from: 0, stream: 1)
        }
        let done1 = link.drain(limit: 2_000_000)
        #expect(done1)
        #expect(link.received[1].map { $0.bytes.readableBytes } == SCTPTransferTests.sizes)
        for (index, message) in link.received[1].enumerated() {
            #expect(Array(message.bytes.readableBytesView) == messageBytes(size: SCTPTransferTests.sizes[index], seed: index))
            #expect(message.streamIdentifier == 1 && message.payloadProtocol == 53 && !message.unordered)
        }
        if dropEvery != nil { #expect(link.dropped > 0 && link.sides[0].counters.retransmissions > 0) }
    }

    /// The MTU a DTLS record leaves (1163 bytes under AES-GCM) is not a
    /// multiple of 4: padded DATA chunks must still fit it.
    @Test func packetsFitAnMTUThatIsNotAMultipleOfFour() throws {
        var link = SCTPLink.pair { $0.mtu = 1_163 }
        link.connectBoth()
        var largest = 0
        link.tamper = { _, bytes in
            largest = max(largest, bytes.readableBytes)
            return bytes
        }
        try link.send(messageBytes(size: 20_000, seed: 1), from: 0)
        let drained = link.drain()
        #expect(drained)
        #expect(link.received[1].map { $0.bytes.readableBytes } == [20_000])
        #expect(largest <= 1_163 && largest > 1_100)
    }

    @Test func fastRetransmitRepairsASingleLoss() throws {
        var link = SCTPLink.pair()
        link.connectBoth()
        var seen = 0
        // Drop the third DATA packet from side 0 once.
        link.tamper = { to, bytes in
            guard to == 1, let packet = try? SCTPPacket(parsing: bytes), packet.chunks.contains(where: { if case .data = $0 { true } else { false } }) else { return bytes }
            seen += 1
            return seen == 3 ? nil : bytes
        }
        for index in 0..<20 { try link.send(messageBytes(size: 1000, seed: index), from: 0) }
        let done2 = link.drain()
        #expect(done2)
        #expect(link.received[1].count == 20)
        #expect(link.sides[0].counters.fastRetransmits == 1)
        #expect(link.sides[0].counters.timeouts == 0)
    }

    @Test func unorderedMessagesAllArrive() throws {
        var link = SCTPLink.pair(dropEvery: 5)
        link.connectBoth()
        for index in 0..<50 { try link.send(messageBytes(size: 100 + index * 97, seed: index), from: 1, stream: 2, unordered: true) }
        let done3 = link.drain()
        #expect(done3)
        let got = link.received[0]
        #expect(got.count == 50 && got.allSatisfy { $0.unordered })
        let sizes = Set(got.map { $0.bytes.readableBytes })
        #expect(sizes == Set((0..<50).map { 100 + $0 * 97 }))
        for message in got {
            let index = (message.bytes.readableBytes - 100) / 97
            #expect(Array(message.bytes.readableBytesView) == messageBytes(size: message.bytes.readableBytes, seed: index))
        }
    }

    @Test func manyStreamsInterleaved() throws {
        var link = SCTPLink.pair(dropEvery: 11)
        link.connectBoth()
        for round in 0..<10 {
            for stream in UInt16(0)..<8 { try link.send([UInt8(stream), UInt8(round)] + messageBytes(size: 3000, seed: round), from: 0, stream: stream) }
        }
        let done4 = link.drain()
        #expect(done4)
        for stream in UInt8(0)..<8 {
            let rounds = link.received[1].filter { $0.streamIdentifier == UInt16(stream) }.map { $0.bytes.getInteger(at: 1, as: UInt8.self) }
            #expect(rounds == (0..<10).map { UInt8($0) })
        }
    }

    @Test func sendIsRefusedPastTheLimits() throws {
        var link = SCTPLink.pair { $0.sendBufferLimit = 10_000 }
        link.connectBoth()
        #expect(throws: SCTPSendError.invalidStream(1024)) { try link.send([1], from: 0, stream: 1024) }
        #expect(throws: SCTPSendError.messageTooLarge(size: 262_145, limit: 262_144)) {
            try link.send(messageBytes(size: 262_145, seed: 0), from: 0)
        }
        try link.send(messageBytes(size: 9_000, seed: 0), from: 0)
        #expect(throws: SCTPSendError.sendBufferFull(limit: 10_000)) { try link.send(messageBytes(size: 2_000, seed: 0), from: 0) }
        var idle = SCTPAssociation(seed: 1)
        #expect(throws: SCTPSendError.notEstablished) {
            try idle.send(SCTPMessage(streamIdentifier: 0, payloadProtocol: 51, bytes: ByteBuffer()), now: link.clock.now)
        }
    }

    @Test func messageLargerThanTheReceiveWindow() throws {
        var link = SCTPLink.pair({ $0.receiveWindow = 16_384; $0.maxMessageSize = 65_536; $0.remoteMaxMessageSize = 65_536 }, dropEvery: 9)
        link.connectBoth()
        let body = messageBytes(size: 65_536, seed: 3)
        try link.send(body, from: 0)
        try link.send([1], from: 0)
        let done = link.drain()
        #expect(done)
        #expect(link.received[1].map { Array($0.bytes.readableBytesView) } == [body, [1]])
    }

    @Test func delayedAckEverySecondPacket() throws {
        var link = SCTPLink.pair()
        link.connectBoth()
        let settled = link.drain()
        #expect(settled)
        let sentBefore = link.sentPerSide[1]
        try link.send([1], from: 0)
        // One small packet: the SACK waits for the delayed-ack timer.
        link.run(limit: 1) { _ in false }
        #expect(link.sentPerSide[1] == sentBefore)
        #expect(link.sides[1].nextDeadline != nil)
        let done5 = link.drain()
        #expect(done5)
        #expect(link.sentPerSide[1] == sentBefore + 1)
    }
}
