import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

@Suite struct NACKGeneratorTests {
    let rtt = TimeAmount.milliseconds(50)

    @Test func lostPacketIsNACKedThenRetriedThenGivenUp() {
        var generator = NACKGenerator()
        var clock = ManualClock()
        for sequence: UInt16 in [10, 11, 13] {
            generator.onPacket(sequenceNumber: sequence, now: clock.now)
        }
        #expect(generator.missingSequenceNumbers == [12])
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt) == [12])
        // Not again within the RTT.
        clock.advance(.milliseconds(30))
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt).isEmpty)
        clock.advance(.milliseconds(20))
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt) == [12])
        // Eight more tries, one per RTT: ten in all.
        for _ in 0..<8 {
            clock.advance(rtt)
            #expect(generator.dueNACKs(now: clock.now, rtt: rtt) == [12])
        }
        #expect(generator.nackedCount == 10)
        clock.advance(rtt)
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt).isEmpty)
        #expect(generator.givenUpCount == 1)
        #expect(generator.missingSequenceNumbers.isEmpty)
        // A very late arrival is no longer "recovered".
        #expect(generator.onPacket(sequenceNumber: 12, now: clock.now) == false)
        #expect(generator.recoveredCount == 0)
    }

    @Test func retransmissionRemovesAndCounts() {
        var generator = NACKGenerator()
        var clock = ManualClock()
        generator.onPacket(sequenceNumber: 100, now: clock.now)
        generator.onPacket(sequenceNumber: 105, now: clock.now)
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt) == [101, 102, 103, 104])
        clock.advance(.milliseconds(60))
        #expect(generator.onPacket(sequenceNumber: 102, now: clock.now) == true)
        #expect(generator.onPacket(sequenceNumber: 104, now: clock.now) == true)
        #expect(generator.recoveredCount == 2)
        let nack = generator.nack(senderSSRC: 1, mediaSSRC: 2, now: clock.now, rtt: rtt)
        #expect(nack?.lostSequenceNumbers == [101, 103])
        #expect(nack?.pairs == [TransportLayerNACK.Pair(packetID: 101, lostPackets: 0b10)])
        #expect(nack?.mediaSSRC == 2)
    }

    @Test func reorderingIsNACKedOnceAndClearedByTheLateArrival() {
        var generator = NACKGenerator()
        let clock = ManualClock()
        for sequence: UInt16 in [1, 2, 4, 5] {
            generator.onPacket(sequenceNumber: sequence, now: clock.now)
        }
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt) == [3])
        #expect(generator.onPacket(sequenceNumber: 3, now: clock.now) == true)
        #expect(generator.missingSequenceNumbers.isEmpty)
        #expect(generator.dueNACKs(now: clock.now + .seconds(1), rtt: rtt).isEmpty)
        // Late arrival before any NACK went out: cleared just the same.
        generator.onPacket(sequenceNumber: 7, now: clock.now)
        generator.onPacket(sequenceNumber: 6, now: clock.now)
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt).isEmpty)
        #expect(generator.recoveredCount == 2)
    }

    @Test func gapOverTheWrap() {
        var generator = NACKGenerator()
        let clock = ManualClock()
        generator.onPacket(sequenceNumber: 65_533, now: clock.now)
        generator.onPacket(sequenceNumber: 2, now: clock.now)
        let due = generator.dueNACKs(now: clock.now, rtt: rtt)
        #expect(due == [65_534, 65_535, 0, 1])
        #expect(TransportLayerNACK.pairs(for: due) == [TransportLayerNACK.Pair(packetID: 65_534, lostPackets: 0b111)])
    }

    @Test func hugeGapStaysBounded() {
        var generator = NACKGenerator()
        let clock = ManualClock()
        generator.onPacket(sequenceNumber: 0, now: clock.now)
        generator.onPacket(sequenceNumber: 30_001, now: clock.now)
        #expect(generator.missingSequenceNumbers.count == 1000)
        #expect(generator.missingSequenceNumbers.first == 29_001)
        #expect(generator.givenUpCount == 29_000)
        // Further gaps push out the oldest.
        generator.onPacket(sequenceNumber: 30_011, now: clock.now)
        #expect(generator.missingSequenceNumbers.count == 1000)
        #expect(generator.missingSequenceNumbers.first == 29_010)
        #expect(generator.givenUpCount == 29_009)
        #expect(generator.dueNACKs(now: clock.now, rtt: rtt).count == 1000)
    }

    @Test func oldPacketsAreGivenUpByAge() {
        var generator = NACKGenerator(configuration: .init(maxAge: .milliseconds(300)))
        var clock = ManualClock()
        generator.onPacket(sequenceNumber: 1, now: clock.now)
        generator.onPacket(sequenceNumber: 3, now: clock.now)
        #expect(generator.dueNACKs(now: clock.now, rtt: .milliseconds(200)) == [2])
        clock.advance(.milliseconds(301))
        #expect(generator.dueNACKs(now: clock.now, rtt: .milliseconds(200)).isEmpty)
        #expect(generator.givenUpCount == 1)
    }

    @Test func retryIntervalHasAFloor() {
        var generator = NACKGenerator()
        var clock = ManualClock()
        generator.onPacket(sequenceNumber: 1, now: clock.now)
        generator.onPacket(sequenceNumber: 3, now: clock.now)
        #expect(generator.dueNACKs(now: clock.now, rtt: .milliseconds(1)) == [2])
        clock.advance(.milliseconds(10))
        #expect(generator.dueNACKs(now: clock.now, rtt: .milliseconds(1)).isEmpty)
        clock.advance(.milliseconds(10))
        #expect(generator.dueNACKs(now: clock.now, rtt: .milliseconds(1)) == [2])
    }
}
