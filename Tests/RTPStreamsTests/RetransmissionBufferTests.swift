import NIOCore
import RTPStreams
import TestSupport
import Testing

@Suite struct RetransmissionBufferTests {
    let rtt = TimeAmount.milliseconds(50)

    func packet(_ sequenceNumber: UInt16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(sequenceNumber)
        buffer.writeRepeatingByte(UInt8(truncatingIfNeeded: sequenceNumber), count: 100)
        return buffer
    }

    @Test func hitsMissesAndEviction() {
        var buffer = RetransmissionBuffer(capacity: 512)
        var clock = ManualClock()
        for sequence in UInt16(0)..<600 {
            buffer.store(packet(sequence), sequenceNumber: sequence, at: clock.now)
            clock.advance(.milliseconds(1))
        }
        #expect(buffer.retransmission(of: 599, now: clock.now, rtt: rtt) == .packet(packet(599)))
        #expect(buffer.retransmission(of: 88, now: clock.now, rtt: rtt) == .packet(packet(88)))
        // 0 ... 87 were overwritten by 512 ... 599.
        #expect(buffer.retransmission(of: 87, now: clock.now, rtt: rtt) == .missing)
        #expect(buffer.retransmission(of: 700, now: clock.now, rtt: rtt) == .missing)
        #expect(buffer.hits == 2)
        #expect(buffer.misses == 2)
    }

    @Test func droppedIsToldApartFromNeverStored() {
        var buffer = RetransmissionBuffer(capacity: 512, maxAge: .seconds(1))
        var clock = ManualClock()
        for sequence in UInt16(0)..<600 where sequence != 590 {
            buffer.store(packet(sequence), sequenceNumber: sequence, at: clock.now)
            clock.advance(.milliseconds(1))
        }
        #expect(buffer.wasDropped(87, now: clock.now), "overwritten by 599")
        #expect(!buffer.wasDropped(590, now: clock.now), "a gap: never stored")
        #expect(!buffer.wasDropped(700, now: clock.now), "not sent yet")
        #expect(!buffer.wasDropped(300, now: clock.now), "still held")
        #expect(buffer.wasDropped(300, now: clock.now + .seconds(2)), "too old now")
    }

    @Test func storedBytesAreACopy() {
        var buffer = RetransmissionBuffer(capacity: 16)
        let clock = ManualClock()
        var original = packet(5)
        original.moveReaderIndex(forwardBy: 2)  // only the readable bytes are kept
        buffer.store(original, sequenceNumber: 5, at: clock.now)
        original.setInteger(UInt8(0xFF), at: 10)
        guard case .packet(let stored) = buffer.retransmission(of: 5, now: clock.now, rtt: rtt) else {
            Issue.record("not held")
            return
        }
        #expect(stored.readableBytes == 100)
        #expect(stored.getInteger(at: stored.readerIndex + 8, as: UInt8.self) == 5)
    }

    @Test func wrap() {
        var buffer = RetransmissionBuffer(capacity: 512)
        var clock = ManualClock()
        var sequence: UInt16 = 65_300
        for _ in 0..<500 {
            buffer.store(packet(sequence), sequenceNumber: sequence, at: clock.now)
            sequence &+= 1
            clock.advance(.milliseconds(1))
        }
        for held: UInt16 in [65_300, 65_535, 0, 263] {
            #expect(buffer.retransmission(of: held, now: clock.now, rtt: rtt) == .packet(packet(held)))
        }
        #expect(buffer.retransmission(of: 264, now: clock.now, rtt: rtt) == .missing)
    }

    @Test func repeatWithinRTTIsSuppressed() {
        var buffer = RetransmissionBuffer()
        var clock = ManualClock()
        buffer.store(packet(42), sequenceNumber: 42, at: clock.now)
        #expect(buffer.retransmission(of: 42, now: clock.now, rtt: rtt) == .packet(packet(42)))
        clock.advance(.milliseconds(20))
        #expect(buffer.retransmission(of: 42, now: clock.now, rtt: rtt) == .suppressed)
        clock.advance(.milliseconds(30))
        #expect(buffer.retransmission(of: 42, now: clock.now, rtt: rtt) == .packet(packet(42)))
        #expect(buffer.suppressions == 1)
        #expect(buffer.hits == 2)
    }

    @Test func tooOldIsMissing() {
        var buffer = RetransmissionBuffer(capacity: 512, maxAge: .seconds(1))
        var clock = ManualClock()
        buffer.store(packet(1), sequenceNumber: 1, at: clock.now)
        clock.advance(.milliseconds(1001))
        #expect(!buffer.contains(1, now: clock.now))
        #expect(buffer.retransmission(of: 1, now: clock.now, rtt: rtt) == .missing)
    }

    @Test func capacityIsAPowerOfTwo() {
        #expect(RetransmissionBuffer(capacity: 500).capacity == 512)
        #expect(RetransmissionBuffer(capacity: 0).capacity == 1)
    }
}
