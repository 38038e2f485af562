import NIOCore
import RTP
import Recording
import TestSupport
import Testing

@Suite struct ReorderBufferTests {
    static let t0 = NIODeadline.uptimeNanoseconds(5_000_000_000)

    static func packet(_ sequence: UInt16) -> RTPPacket {
        let fields = RTPPacketFields(payloadType: 96, sequenceNumber: sequence, timestamp: 0, ssrc: 1, payload: ByteBuffer(bytes: [1]))
        return try! RTPPacket(parsing: fields.encoded())
    }

    /// What the buffer releases at `now`, as sequence numbers, losses as
    /// negative run lengths after their first sequence number's slot.
    enum Released: Equatable {
        case packet(UInt16)
        case lost(UInt16, Int)
    }

    static func drain(_ buffer: inout ReorderBuffer, at now: NIODeadline, flushing: Bool = false) -> [Released] {
        var out: [Released] = []
        while let output = buffer.next(at: now, flushing: flushing) {
            switch output {
            case .packet(let packet): out.append(.packet(packet.sequenceNumber))
            case .lost(let first, let count): out.append(.lost(first, count))
            }
        }
        return out
    }

    @Test func inOrderPacketsPassStraightThrough() {
        var buffer = ReorderBuffer()
        for sequence: UInt16 in 10...14 {
            #expect(buffer.insert(Self.packet(sequence), at: Self.t0) == .buffered)
            #expect(Self.drain(&buffer, at: Self.t0) == [.packet(sequence)])
        }
        #expect(buffer.bufferedCount == 0)
        #expect(buffer.nextSequence == 15)
    }

    @Test func reorderedPacketsComeOutInOrder() {
        var buffer = ReorderBuffer()
        buffer.insert(Self.packet(1), at: Self.t0)
        #expect(Self.drain(&buffer, at: Self.t0) == [.packet(1)])
        buffer.insert(Self.packet(4), at: Self.t0)
        buffer.insert(Self.packet(3), at: Self.t0)
        #expect(Self.drain(&buffer, at: Self.t0) == [])
        #expect(buffer.nextDeadline() == Self.t0 + .milliseconds(300))
        buffer.insert(Self.packet(2), at: Self.t0 + .milliseconds(10))
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(10)) == [.packet(2), .packet(3), .packet(4)])
        #expect(buffer.nextDeadline() == nil)
    }

    @Test func duplicatesAndLatePacketsAreDropped() {
        var buffer = ReorderBuffer()
        buffer.insert(Self.packet(1), at: Self.t0)
        buffer.insert(Self.packet(3), at: Self.t0)
        #expect(buffer.insert(Self.packet(3), at: Self.t0) == .duplicate)
        #expect(Self.drain(&buffer, at: Self.t0) == [.packet(1)])
        #expect(buffer.insert(Self.packet(1), at: Self.t0) == .late)
        #expect(buffer.bufferedCount == 1)
    }

    @Test func aMissingPacketIsWaitedForThenReportedLost() {
        var buffer = ReorderBuffer(maxDelay: .milliseconds(300))
        buffer.insert(Self.packet(1), at: Self.t0)
        buffer.insert(Self.packet(3), at: Self.t0 + .milliseconds(20))
        buffer.insert(Self.packet(5), at: Self.t0 + .milliseconds(40))
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(40)) == [.packet(1)])
        // Waiting since packet 3 arrived.
        #expect(buffer.nextDeadline() == Self.t0 + .milliseconds(320))
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(319)) == [])
        // A NACK repair at 200 ms still fits.
        buffer.insert(Self.packet(2), at: Self.t0 + .milliseconds(200))
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(200)) == [.packet(2), .packet(3)])
        // 4 is waited for from packet 5's arrival.
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(339)) == [])
        #expect(Self.drain(&buffer, at: Self.t0 + .milliseconds(340)) == [.lost(4, 1), .packet(5)])
        #expect(buffer.insert(Self.packet(4), at: Self.t0 + .milliseconds(341)) == .late)
    }

    @Test func tooManyPacketsBehindAGapGiveItUp() {
        var buffer = ReorderBuffer(maxDelay: .seconds(10), maxPackets: 4)
        buffer.insert(Self.packet(1), at: Self.t0)
        for sequence: UInt16 in 4...6 { buffer.insert(Self.packet(sequence), at: Self.t0) }
        #expect(Self.drain(&buffer, at: Self.t0) == [.packet(1)])
        buffer.insert(Self.packet(7), at: Self.t0)
        #expect(Self.drain(&buffer, at: Self.t0) == [.lost(2, 2), .packet(4), .packet(5), .packet(6), .packet(7)])
    }

    @Test func sequenceNumbersWrap() {
        var buffer = ReorderBuffer()
        buffer.insert(Self.packet(65_533), at: Self.t0)
        for sequence: UInt16 in [1, 65_535, 0, 65_534, 2] { buffer.insert(Self.packet(sequence), at: Self.t0) }
        #expect(
            Self.drain(&buffer, at: Self.t0)
                == [65_533, 65_534, 65_535, 0, 1, 2].map { .packet($0) })
        // A gap across the wrap.
        buffer.insert(Self.packet(5), at: Self.t0)
        #expect(Self.drain(&buffer, at: Self.t0, flushing: true) == [.lost(3, 2), .packet(5)])
    }

    @Test func aFloodOfFarSequenceNumbersStaysBounded() {
        var buffer = ReorderBuffer(maxDelay: .milliseconds(100), maxPackets: 16)
        buffer.insert(Self.packet(100), at: Self.t0)
        buffer.insert(Self.packet(102), at: Self.t0)
        var random = SeededRandom(seed: 30)
        var overflows = 0
        for _ in 0..<5_000 {
            let sequence = UInt16(100 + 40) &+ UInt16.random(in: 0...60_000, using: &random)
            if buffer.insert(Self.packet(sequence), at: Self.t0) == .overflow { overflows += 1 }
            #expect(buffer.bufferedCount <= 32)
        }
        #expect(overflows > 4_900)
        // Draining: 100, then the rest of the window with its gaps, then
        // the one parked far packet; it all ends.
        let released = Self.drain(&buffer, at: Self.t0 + .seconds(1))
        #expect(released.first == .packet(100))
        #expect(released.count < 100)
        #expect(buffer.bufferedCount == 0)
    }

    @Test func aSenderRestartIsTakenUpOnceTheWindowDrains() {
        var buffer = ReorderBuffer(maxDelay: .milliseconds(100))
        buffer.insert(Self.packet(10), at: Self.t0)
        buffer.insert(Self.packet(11), at: Self.t0)
        #expect(buffer.insert(Self.packet(40_000), at: Self.t0) == .buffered)
        #expect(buffer.insert(Self.packet(40_001), at: Self.t0) == .overflow)
        #expect(
            Self.drain(&buffer, at: Self.t0) == [.packet(10), .packet(11), .lost(12, 40_000 - 12), .packet(40_000)])
        #expect(buffer.insert(Self.packet(40_001), at: Self.t0) == .buffered)
    }
}

extension ReorderBufferTests {
    /// `reset` forgets the stream: the next packet, whatever its number,
    /// is the new release point, and nothing of the old one comes out.
    @Test func resetStartsOverWithAnyNumber() {
        var buffer = ReorderBuffer(maxPackets: 8)
        for sequence: UInt16 in [100, 102, 103] { buffer.insert(Self.packet(sequence), at: Self.t0) }
        #expect(Self.drain(&buffer, at: Self.t0) == [.packet(100)])
        buffer.insert(Self.packet(40_000), at: Self.t0)  // parked: out of the window
        buffer.reset()
        #expect(buffer.bufferedCount == 0)
        #expect(buffer.nextDeadline() == nil)
        #expect(buffer.insert(Self.packet(7), at: Self.t0) == .buffered)
        #expect(buffer.insert(Self.packet(8), at: Self.t0) == .buffered)
        #expect(Self.drain(&buffer, at: Self.t0 + .seconds(1), flushing: true) == [.packet(7), .packet(8)])
    }
}
