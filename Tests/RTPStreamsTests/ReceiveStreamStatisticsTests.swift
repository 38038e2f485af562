import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

@Suite struct ReceiveStreamStatisticsTests {
    @Test func extendedSequenceAndLossOverWrap() {
        var statistics = ReceiveStreamStatistics(clockRate: 90_000)
        var clock = ManualClock()
        // 65530 ... 65535, 0 ... 9 with 65534 and 3, 4 lost.
        var sequence: UInt16 = 65_530
        var received = 0
        for _ in 0..<16 {
            if ![65_534, 3, 4].contains(sequence) {
                statistics.onPacket(sequenceNumber: sequence, rtpTimestamp: UInt32(sequence) &* 3000, arrival: clock.now)
                received += 1
            }
            sequence &+= 1
            clock.advance(.milliseconds(33))
        }
        #expect(statistics.extendedHighestSequenceNumber == 1 << 16 | 9)
        #expect(statistics.packetsExpected == 16)
        #expect(statistics.packetsReceived == 13)
        #expect(statistics.cumulativeLost == 3)
        let report = statistics.receptionReport(ssrc: 0x1234, now: clock.now)
        #expect(report.ssrc == 0x1234)
        #expect(report.totalLost == 3)
        #expect(report.fractionLost == UInt8(3 * 256 / 16))
        #expect(report.extendedHighestSequenceNumber == 0x1_0009)
        #expect(report.lastSenderReport == 0)
        #expect(report.delaySinceLastSenderReport == 0)
    }

    @Test func fractionLostIsPerInterval() {
        var statistics = ReceiveStreamStatistics(clockRate: 48_000)
        let clock = ManualClock()
        for sequence in UInt16(100)..<200 where sequence % 10 != 0 {
            statistics.onPacket(sequenceNumber: sequence, rtpTimestamp: 0, arrival: clock.now)
        }
        let first = statistics.receptionReport(ssrc: 1, now: clock.now)
        // 100 expected (100...199 minus the unseen 100 counted from 101): base is 101.
        #expect(first.fractionLost == UInt8((9 * 256) / 99))
        for sequence in UInt16(200)..<300 {
            statistics.onPacket(sequenceNumber: sequence, rtpTimestamp: 0, arrival: clock.now)
        }
        let second = statistics.receptionReport(ssrc: 1, now: clock.now)
        #expect(second.fractionLost == 0)
        #expect(second.totalLost == 9)
        // Duplicates make the interval's loss negative: fraction stays 0, total drops.
        for _ in 0..<20 { statistics.onPacket(sequenceNumber: 299, rtpTimestamp: 0, arrival: clock.now) }
        let third = statistics.receptionReport(ssrc: 1, now: clock.now)
        #expect(third.fractionLost == 0)
        #expect(third.totalLost == -11)
    }

    @Test func jitterOfConstantTransitIsZeroAndGrowsWithVariation() {
        var steady = ReceiveStreamStatistics(clockRate: 90_000)
        var clock = ManualClock()
        var timestamp: UInt32 = 0xFFFF_0000  // wraps during the run
        for sequence in UInt16(0)..<500 {
            steady.onPacket(sequenceNumber: sequence, rtpTimestamp: timestamp, arrival: clock.now)
            timestamp &+= 3000
            clock.advance(.microseconds(33_333))
        }
        // 33.333 ms vs 3000 ticks: rounding leaves at most a tick or so.
        #expect(steady.jitter <= 2)

        var noisy = ReceiveStreamStatistics(clockRate: 90_000)
        var random = SeededRandom(seed: 7)
        clock = ManualClock()
        timestamp = 0
        for sequence in UInt16(0)..<2000 {
            // Arrival jitter uniformly in ±10 ms around a 20 ms cadence.
            let offset = Int64(random.next() % 20_001) - 10_000
            noisy.onPacket(
                sequenceNumber: sequence, rtpTimestamp: timestamp,
                arrival: clock.now + .microseconds(offset))
            timestamp &+= 1800
            clock.advance(.milliseconds(20))
        }
        // |D| of two independent U(-10,10) ms has mean 6.67 ms = 600 ticks at 90 kHz.
        #expect(noisy.jitter > 400 && noisy.jitter < 800, "jitter \(noisy.jitter)")
    }

    @Test func lastSenderReportAndDelay() throws {
        var statistics = ReceiveStreamStatistics(clockRate: 90_000)
        var clock = ManualClock()
        statistics.onPacket(sequenceNumber: 1, rtpTimestamp: 0, arrival: clock.now)
        let report = SenderReport(
            ssrc: 9, ntpTime: 0xE8F1_2345_6789_ABCD, rtpTime: 0, packetCount: 1, octetCount: 100)
        statistics.onSenderReport(report, arrival: clock.now)
        clock.advance(.milliseconds(1500))
        let block = statistics.receptionReport(ssrc: 9, now: clock.now)
        #expect(block.lastSenderReport == 0x2345_6789)
        // 1.5 s in 1/65536 s.
        #expect(block.delaySinceLastSenderReport == 98_304)
        var buffer = ByteBuffer()
        block.write(into: &buffer)
        #expect(try ReceptionReport(parsing: &buffer) == block)
    }

    @Test func hugeLossSaturatesTheFields() {
        var statistics = ReceiveStreamStatistics(clockRate: 90_000)
        let clock = ManualClock()
        // Keep jumping forward by 30000: over 8.4 M lost, past the 24-bit field.
        var sequence: UInt16 = 0
        for _ in 0..<400 {
            statistics.onPacket(sequenceNumber: sequence, rtpTimestamp: 0, arrival: clock.now)
            sequence &+= 30_000
        }
        let block = statistics.receptionReport(ssrc: 1, now: clock.now)
        #expect(block.totalLost == ReceptionReport.totalLostRange.upperBound)
        #expect(block.fractionLost == 255)
    }

    /// A publisher's timestamps swinging by 2^31 every packet: the transit
    /// difference is taken mod 2^32, so jitter nears 2^31 and no more; a
    /// sender report a day old saturates DLSR (its field ends at 18.2 h).
    @Test func hostileTimestampsAndAnOldSenderReportSaturate() {
        var statistics = ReceiveStreamStatistics(clockRate: 90_000)
        var clock = ManualClock()
        statistics.onSenderReport(ntpTime: 0x1234_5678_0000, arrival: clock.now)
        for index in 0..<2_000 {
            statistics.onPacket(
                sequenceNumber: UInt16(truncatingIfNeeded: index), rtpTimestamp: index % 2 == 0 ? 0 : 1 << 31,
                arrival: clock.now)
            clock.advance(.milliseconds(1))
        }
        #expect(statistics.jitter > 1 << 30 && statistics.jitter <= 1 << 31)
        clock.advance(.seconds(86_400))
        let block = statistics.receptionReport(ssrc: 1, now: clock.now)
        #expect(block.delaySinceLastSenderReport == .max)
        #expect(block.lastSenderReport == 0x1234_5678)
    }
}
