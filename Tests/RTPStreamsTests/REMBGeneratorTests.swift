import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

@Suite struct REMBGeneratorTests {
    @Test func followsTheIncomingBitrateWithHeadroom() {
        var generator = REMBGenerator(senderSSRC: 7)
        var clock = ManualClock()
        // 100 packets of 1250 bytes per second: 1 Mbit/s.
        for _ in 0..<300 {
            generator.onPacket(size: 1250, arrival: clock.now)
            clock.advance(.milliseconds(10))
        }
        let incoming = generator.incomingBitrate(now: clock.now)
        #expect(incoming >= 900_000 && incoming <= 1_100_000)
        let remb = generator.remb(mediaSSRCs: [1, 2], now: clock.now)
        #expect(remb.bitrate >= 1_350_000 && remb.bitrate <= 1_650_000)
        #expect(remb.ssrcs == [1, 2])
        #expect(remb.senderSSRC == 7)
    }

    @Test func heavyLossCutsAndSilenceFallsToTheMinimum() {
        var generator = REMBGenerator(senderSSRC: 7)
        var clock = ManualClock()
        for _ in 0..<200 {
            generator.onPacket(size: 1250, arrival: clock.now)
            clock.advance(.milliseconds(10))
        }
        generator.onLoss(fractionLost: 64)  // 25 %
        let cut = generator.estimate(now: clock.now)
        #expect(cut >= 780_000 && cut <= 960_000)
        clock.advance(.seconds(2))
        #expect(generator.estimate(now: clock.now) == 30_000)
    }
}
