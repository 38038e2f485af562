import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// A peer sending what it must not: every case is counted or ends the
/// association, and nothing it sends makes the receiver hold more than
/// its window.
@Suite struct SCTPHostilePeerTests {
    /// An established pair and a way to inject chunks as side 0 would send them.
    struct Injector {
        var link = SCTPLink.pair()
        init() { link.connectBoth() }

        var tagOfSide1: UInt32 { link.sides[1].localTag }

        mutating func inject(_ chunks: [SCTPChunk], tag: UInt32? = nil) -> [SCTPAction] {
            let packet = SCTPPacket(sourcePort: 5000, destinationPort: 5000, verificationTag: tag ?? tagOfSide1, chunks: chunks)
            return link.sides[1].handle(packet: packet.serialized(), now: link.clock.now)
        }

        func data(_ tsnOffset: UInt32, stream: UInt16 = 0, ssn: UInt16 = 0, begin: Bool = true, end: Bool = true, size: Int = 100, unordered: Bool = false)
            -> SCTPChunk
        {
            .data(SCTPDataChunk(
                tsn: link.sides[1].receiver.cumulativeTSN &+ tsnOffset, streamIdentifier: stream, streamSequenceNumber: ssn,
                payloadProtocol: 53, unordered: unordered, beginning: begin, ending: end,
                userData: ByteBuffer(bytes: [UInt8](repeating: 1, count: size))))
        }
    }

    @Test func wrongTagAndGarbageAreCounted() {
        var peer = Injector()
        #expect(peer.inject([peer.data(1)], tag: 0xBAD).isEmpty)
        #expect(peer.link.sides[1].counters.wrongVerificationTag == 1)
        #expect(peer.link.sides[1].handle(packet: ByteBuffer(bytes: [1, 2, 3]), now: peer.link.clock.now).isEmpty)
        #expect(peer.link.sides[1].counters.malformedPackets == 1)
        var corrupt = SCTPPacket(sourcePort: 5000, destinationPort: 5000, verificationTag: peer.tagOfSide1, chunks: [peer.data(1)]).serialized()
        corrupt.setInteger(UInt8(0xFF), at: 20)
        #expect(peer.link.sides[1].handle(packet: corrupt, now: peer.link.clock.now).isEmpty)
        #expect(peer.link.sides[1].counters.badChecksums == 1)
        #expect(peer.link.sides[1].isEstablished)
    }

    @Test func malformedChunkBehindAValidHeaderIsCounted() {
        var peer = Injector()
        var packet = ByteBuffer()
        packet.writeMultipleIntegers(UInt16(5000), UInt16(5000), peer.tagOfSide1, UInt32(0))
        packet.writeBytes(hexBytes("03 00 0010 00000001 00001000 0100 0000"))  // SACK claiming 256 gap blocks
        #expect(peer.link.sides[1].handle(packet: SCTPPacket.settingChecksum(of: packet), now: peer.link.clock.now).isEmpty)
        #expect(peer.link.sides[1].counters.malformedPackets == 1)
        #expect(peer.link.sides[1].isEstablished)
    }

    @Test func streamBeyondTheCountIsReportedAndDropped() {
        var peer = Injector()
        let actions = peer.inject([peer.data(1, stream: 5000)])
        #expect(peer.link.sides[1].counters.invalidStream == 1)
        #expect(!actions.contains { if case .message = $0 { true } else { false } })
        #expect(peer.link.sides[1].isEstablished)
    }

    @Test func initWithBogusParametersIsAborted() {
        var fresh = SCTPAssociation(seed: 11)
        let bogus = SCTPInitChunk(initiateTag: 0, advertisedReceiverWindow: 1000, outboundStreams: 0, inboundStreams: 1, initialTSN: 1)
        let packet = SCTPPacket(sourcePort: 5000, destinationPort: 5000, verificationTag: 0, chunks: [.initiation(bogus)])
        let actions = fresh.handle(packet: packet.serialized(), now: ManualClock().now)
        guard case .send(let bytes) = actions.first, let answer = try? SCTPPacket(parsing: bytes) else { Issue.record("no answer"); return }
        #expect(answer.chunks.first.map { if case .abort = $0 { true } else { false } } == true)
        #expect(fresh.state == .closed)
    }

    @Test func emptyDataAbortsTheAssociation() {
        var peer = Injector()
        let actions = peer.inject([peer.data(1, size: 0)])
        #expect(actions.contains(.closed(.aborted("DATA without user data"))))
    }

    @Test func fragmentBombIsBoundedByTheMessageSize() {
        var peer = Injector()
        // Fragments of one ordered message that never ends, each the next TSN.
        var actions: [SCTPAction] = []
        for index in 0..<300 where !peer.link.sides[1].terminated {
            actions += peer.inject([peer.data(1, begin: index == 0, end: false, size: 1100)])
        }
        #expect(actions.contains(.closed(.aborted("message too large"))))
        #expect(peer.link.sides[1].reassembly.bufferedBytes <= 262_144 + 1100)
    }

    @Test func unorderedFragmentBombIsBounded() {
        var peer = Injector()
        var actions: [SCTPAction] = []
        for index in 0..<300 where !peer.link.sides[1].terminated {
            actions += peer.inject([peer.data(1, begin: index == 0, end: false, size: 1100, unordered: true)])
        }
        #expect(actions.contains(.closed(.aborted("message too large"))))
    }

    @Test func gapsBeyondTheWindowAreRefused() {
        var peer = Injector()
        // Starts of messages far ahead of the cumulative TSN, never completed.
        for offset in stride(from: UInt32(2), to: 14_000, by: 3) {
            _ = peer.inject([peer.data(offset, ssn: UInt16(truncatingIfNeeded: offset), end: false, size: 1000)])
        }
        let receiver = peer.link.sides[1]
        #expect(receiver.reassembly.bufferedBytes <= receiver.configuration.receiveWindow)
        #expect(receiver.counters.receiveWindowFull > 0)
        #expect(receiver.isEstablished)
    }

    @Test func unknownChunksFollowTheirHighBits() {
        var peer = Injector()
        // 0x40: stop and report; the DATA after it is not processed.
        let stopped = peer.inject([.unknown(type: 0x40, flags: 0, value: ByteBuffer()), peer.data(1)])
        #expect(!stopped.contains { if case .message = $0 { true } else { false } })
        // 0x80: skip; the DATA after it is processed.
        let skipped = peer.inject([.unknown(type: 0x80, flags: 0, value: ByteBuffer()), peer.data(1)])
        #expect(skipped.contains { if case .message = $0 { true } else { false } })
        #expect(peer.link.sides[1].counters.unknownChunks == 2)
    }

    @Test func sackForDataNeverSentIsIgnored() {
        var peer = Injector()
        let cumulative = peer.link.sides[0].nextTSN &+ 1000
        _ = peer.link.sides[0].handle(
            packet: SCTPPacket(sourcePort: 5000, destinationPort: 5000, verificationTag: peer.link.sides[0].localTag, chunks: [
                .selectiveAck(SCTPSelectiveAck(cumulativeTSNAck: cumulative, advertisedReceiverWindow: 0, gapBlocks: [.init(start: 9, end: 2)]))
            ]).serialized(), now: peer.link.clock.now)
        #expect(peer.link.sides[0].counters.staleMessages == 1)
        #expect(peer.link.sides[0].isEstablished)
    }
}
