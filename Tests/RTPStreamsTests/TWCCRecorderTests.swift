import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

@Suite struct TWCCRecorderTests {
    /// Serializes and parses the feedback, then lists (sequence, arrival µs).
    func decode(_ packets: [TransportLayerCC]) throws -> [(UInt16, Int64?)] {
        var decoded: [(UInt16, Int64?)] = []
        for packet in packets {
            var buffer = ByteBuffer()
            packet.write(into: &buffer)
            let parsed = try TransportLayerCC(parsing: &buffer)
            #expect(parsed == packet)
            try parsed.forEachPacketResult { decoded.append(($0.sequenceNumber, $0.arrivalTime)) }
        }
        return decoded
    }

    @Test func arrivalsDecodeWithin250Microseconds() throws {
        var recorder = TWCCRecorder(senderSSRC: 1, mediaSSRC: 2)
        var clock = ManualClock()
        var random = SeededRandom(seed: 11)
        var recorded: [UInt16: Int64] = [:]
        var start: NIODeadline?
        for sequence in UInt16(0)..<200 {
            clock.advance(.microseconds(Int64(random.next() % 9000)))
            if sequence % 17 == 5 { continue }  // lost
            recorder.onPacket(transportSequenceNumber: sequence, arrival: clock.now)
            start = start ?? clock.now
            recorded[sequence] = (clock.now - start!).nanoseconds / 1000
        }
        let packets = recorder.feedback(now: clock.now)
        #expect(packets.count == 1)
        let decoded = try decode(packets)
        #expect(decoded.count == 200)
        // Arrival times are relative to the first one; the decoded clock has
        // its own zero, so compare differences from the first packet.
        let zero = try #require(decoded.first?.1)
        for (sequence, arrival) in decoded {
            if let expected = recorded[sequence] {
                let arrival = try #require(arrival)
                #expect(abs((arrival - zero) - expected) <= 250, "seq \(sequence)")
            } else {
                #expect(arrival == nil)
            }
        }
        #expect(recorder.feedback(now: clock.now).isEmpty)
    }

    @Test func consecutiveFeedbackCoversSkippedNumbersAndCountsUp() throws {
        var recorder = TWCCRecorder(senderSSRC: 1, mediaSSRC: 2)
        var clock = ManualClock()
        recorder.onPacket(transportSequenceNumber: 10, arrival: clock.now)
        let first = recorder.feedback(now: clock.now)
        clock.advance(.milliseconds(50))
        recorder.onPacket(transportSequenceNumber: 14, arrival: clock.now)
        let second = recorder.feedback(now: clock.now)
        #expect(second.first?.baseSequenceNumber == 11)
        #expect(second.first?.feedbackPacketCount == (first.first?.feedbackPacketCount ?? 0) &+ 1)
        let decoded = try decode(second)
        #expect(decoded.map(\.0) == [11, 12, 13, 14])
        #expect(decoded.map { $0.1 == nil } == [true, true, true, false])
    }

    @Test func reorderingAndLatePackets() throws {
        var recorder = TWCCRecorder(senderSSRC: 1, mediaSSRC: 2)
        var clock = ManualClock()
        for sequence: UInt16 in [1, 2, 4, 3, 5] {
            recorder.onPacket(transportSequenceNumber: sequence, arrival: clock.now)
            clock.advance(.milliseconds(2))
        }
        recorder.onPacket(transportSequenceNumber: 4, arrival: clock.now)  // duplicate
        let decoded = try decode(recorder.feedback(now: clock.now))
        #expect(decoded.map(\.0) == [1, 2, 3, 4, 5])
        // 3 arrived after 4: its arrival is later, a negative delta is fine.
        #expect(decoded[2].1! - decoded[3].1! == 2000)
        // A packet whose slot was already reported is ignored.
        recorder.onPacket(transportSequenceNumber: 0, arrival: clock.now)
        #expect(!recorder.hasPendingFeedback)
        #expect(recorder.lateOrDuplicateCount == 2)
    }

    @Test func wrapOfTheSequence() throws {
        var recorder = TWCCRecorder(senderSSRC: 1, mediaSSRC: 2)
        var clock = ManualClock()
        var sequence: UInt16 = 65_530
        for _ in 0..<12 {
            recorder.onPacket(transportSequenceNumber: sequence, arrival: clock.now)
            sequence &+= 1
            clock.advance(.milliseconds(1))
        }
        let packets = recorder.feedback(now: clock.now)
        #expect(packets.count == 1)
        #expect(packets.first?.baseSequenceNumber == 65_530)
        let decoded = try decode(packets)
        #expect(decoded.map(\.0) == (0..<12).map { UInt16(65_530) &+ UInt16($0) })
        #expect(decoded.allSatisfy { $0.1 != nil })
    }

    @Test func splitsOnCountAndOnLargeGaps() throws {
        var recorder = TWCCRecorder(senderSSRC: 1, mediaSSRC: 2)
        var clock = ManualClock()
        for sequence in UInt16(0)..<2500 {
            recorder.onPacket(transportSequenceNumber: sequence, arrival: clock.now)
            clock.advance(.microseconds(100))
        }
        let packets = recorder.feedback(now: clock.now)
        #expect(packets.map(\.packetStatusCount) == [1000, 1000, 500])
        #expect(packets.map(\.baseSequenceNumber) == [0, 1000, 2000])
        #expect(try decode(packets).count == 2500)

        // Ten seconds between two packets: past a delta's ±8.19 s.
        recorder.onPacket(transportSequenceNumber: 2500, arrival: clock.now)
        clock.advance(.seconds(10))
        recorder.onPacket(transportSequenceNumber: 2501, arrival: clock.now)
        let split = recorder.feedback(now: clock.now)
        #expect(split.count == 2)
        let decoded = try decode(split)
        #expect(decoded.map(\.0) == [2500, 2501])
        let gap = try #require(decoded[1].1) - (try #require(decoded[0].1))
        #expect(abs(gap - 10_000_000) <= 250)
    }
}
