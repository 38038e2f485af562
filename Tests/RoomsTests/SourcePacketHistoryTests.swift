import NIOCore
import TestSupport
import Testing

@testable import Rooms

/// The shared history of one publisher stream: each packet held once,
/// sized by time up to a packet bound, storage reused.
@Suite struct SourcePacketHistoryTests {
    func packet(_ number: Int, size: Int = 100) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(number))
        buffer.writeRepeatingByte(UInt8(truncatingIfNeeded: number), count: size)
        return buffer
    }

    @Test func returnsTheBytesStoredAtAnIndexUntilOverwritten() {
        var history = SourcePacketHistory(limits: RetransmissionHistoryLimits(maxAge: .seconds(1), maxPackets: 64))
        var clock = ManualClock()
        var indexes: [SourcePacketHistory.Index] = []
        for number in 0..<100 {
            indexes.append(history.store(packet(number), now: clock.now))
            clock.advance(.milliseconds(1))
        }
        #expect(history.capacity == 64, "bounded by maxPackets")
        #expect(history.packet(at: indexes[99]) == packet(99))
        #expect(history.packet(at: indexes[36]) == packet(36))
        #expect(history.packet(at: indexes[35]) == nil, "overwritten by 99")
        #expect(history.packet(at: 1_000) == nil, "never stored")
    }

    @Test func growsOnlyWhileThePacketsItWouldDropAreYoung() {
        let limits = RetransmissionHistoryLimits(maxAge: .seconds(1), maxPackets: 4_096)
        var history = SourcePacketHistory(limits: limits)
        var clock = ManualClock()
        // 100 packets/s: 1 s is 100 packets, so 128 slots.
        for number in 0..<1_000 {
            _ = history.store(packet(number), now: clock.now)
            clock.advance(.milliseconds(10))
        }
        #expect(history.capacity == 128)
        // 1,000 packets/s: 1 s is 1,000 packets, so 1,024 slots.
        var last: SourcePacketHistory.Index = 0
        for number in 0..<3_000 {
            last = history.store(packet(number), now: clock.now)
            clock.advance(.milliseconds(1))
        }
        #expect(history.capacity == 1_024)
        #expect(history.packet(at: last - 999) == packet(2_000), "the last second is held")
    }

    @Test func keepsACopyOfTheReadableBytes() {
        var history = SourcePacketHistory(limits: RetransmissionHistoryLimits())
        var original = packet(5)
        original.moveReaderIndex(forwardBy: 4)
        let index = history.store(original, now: ManualClock().now)
        original.setInteger(UInt8(0xFF), at: original.readerIndex)
        var expected = packet(5)
        expected.moveReaderIndex(forwardBy: 4)
        #expect(history.packet(at: index) == expected)
    }

    @Test func slotsKeepTheirStorage() {
        var history = SourcePacketHistory(limits: RetransmissionHistoryLimits(maxAge: .seconds(1), maxPackets: 4))
        let clock = ManualClock()
        for number in 0..<8 { _ = history.store(packet(number, size: 1_000), now: clock.now) }
        let index = history.store(packet(8, size: 10), now: clock.now)
        let held = history.packet(at: index)
        #expect(held?.readableBytes == 14)
        #expect((held?.capacity ?? 0) >= 1_004, "the slot's earlier storage is reused")
    }

    @Test func limitsRoundToAPowerOfTwo() {
        #expect(RetransmissionHistoryLimits(maxPackets: 1_000).slotLimit == 1_024)
        #expect(RetransmissionHistoryLimits(maxPackets: 0).slotLimit == 1)
        #expect(RetransmissionHistoryLimits(maxPackets: .max).slotLimit == 32_768)
    }
}
