import RTCP
import TestSupport
import Testing

/// NACK pair packing and expansion; REMB exponent and mantissa.
@Suite struct NACKAndREMBTests {
    typealias Pair = TransportLayerNACK.Pair

    @Test func pairsPackUpToSixteenFollowers() {
        #expect(TransportLayerNACK.pairs(for: []) == [])
        #expect(TransportLayerNACK.pairs(for: [7]) == [Pair(packetID: 7)])
        #expect(TransportLayerNACK.pairs(for: Array(100...116)) == [Pair(packetID: 100, lostPackets: 0xffff)])
        #expect(
            TransportLayerNACK.pairs(for: Array(100...117))
                == [Pair(packetID: 100, lostPackets: 0xffff), Pair(packetID: 117)])
        #expect(TransportLayerNACK.pairs(for: [1, 3, 17, 18]) == [Pair(packetID: 1, lostPackets: 0x8002), Pair(packetID: 18)])
        #expect(TransportLayerNACK.pairs(for: [5, 5, 6, 6]) == [Pair(packetID: 5, lostPackets: 0x0001)])
    }

    @Test func pairsAcrossTheSequenceWrap() {
        let lost: [UInt16] = [65530, 65533, 65535, 0, 1, 10, 11, 40]
        let pairs = TransportLayerNACK.pairs(for: lost)
        // 65530 + 1..16 reaches 10; 11 starts the next pair; 40 its own.
        #expect(
            pairs == [
                Pair(packetID: 65530, lostPackets: 1 << 2 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 15),
                Pair(packetID: 11),
                Pair(packetID: 40),
            ])
        let nack = TransportLayerNACK(senderSSRC: 1, mediaSSRC: 2, pairs: pairs)
        #expect(nack.lostSequenceNumbers == lost)
        #expect(Pair(packetID: 65535, lostPackets: 0xffff).sequenceNumbers == [65535] + Array(0...15))
    }

    @Test func randomLossListsRoundTrip() throws {
        var random = SeededRandom(seed: 0x4ac)
        for _ in 0..<300 {
            var sequence = UInt16.random(in: 0...UInt16.max, using: &random)
            var lost: [UInt16] = []
            for _ in 0..<Int.random(in: 1...80, using: &random) {
                lost.append(sequence)
                sequence &+= UInt16.random(in: 1...(Bool.random(using: &random) ? 3 : 40), using: &random)
            }
            let nack = TransportLayerNACK(senderSSRC: 9, mediaSSRC: 10, lostSequenceNumbers: lost)
            #expect(nack.lostSequenceNumbers == lost)
            // No pair could absorb the next one's PID.
            for (first, second) in zip(nack.pairs, nack.pairs.dropFirst()) {
                #expect(second.packetID &- first.packetID > 16)
            }
            #expect(try parse(TransportLayerNACK.self, serialize(nack)) == nack)
        }
    }

    @Test(arguments: [
        0, 1, 262_143, 262_144, 262_145, 524_287, 1_000_000, 8_927_168, 8_927_167, 1_000_000_000,
        UInt64(UInt32.max), 1 << 40 | 12345, UInt64.max,
    ] as [UInt64])
    func rembEncodesTheLargestValueNotAbove(bitrate: UInt64) throws {
        let remb = ReceiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: bitrate, ssrcs: [2])
        #expect(remb.mantissa <= ReceiverEstimatedMaximumBitrate.maxMantissa)
        #expect(remb.exponent <= 63)
        #expect(remb.bitrate <= bitrate)
        // Within 2^-17 below: the next mantissa up would pass the bitrate.
        #expect(bitrate - remb.bitrate <= bitrate >> 17)
        if bitrate < 1 << 18 {
            #expect(remb.bitrate == bitrate && remb.exponent == 0)
        } else {
            #expect(remb.mantissa >= 1 << 17, "mantissa not normalised")
        }
        let again = try parse(ReceiverEstimatedMaximumBitrate.self, serialize(remb))
        #expect(again == remb)
        #expect(again.bitrate == remb.bitrate)
    }

    @Test func rembKnownEncodings() {
        #expect(ReceiverEstimatedMaximumBitrate.encode(bitrate: 262_144) == (1, 131_072))
        #expect(ReceiverEstimatedMaximumBitrate.encode(bitrate: 1_000_000) == (2, 250_000))
        #expect(ReceiverEstimatedMaximumBitrate.encode(bitrate: 1_000_000_000) == (12, 244_140))
        #expect(ReceiverEstimatedMaximumBitrate.encode(bitrate: 8_927_167) == (6, 139_486))
        // A wire exponent too large for 64 bits saturates instead of trapping.
        let huge = ReceiverEstimatedMaximumBitrate(senderSSRC: 0, exponent: 63, mantissa: 0x3ffff, ssrcs: [])
        #expect(huge.bitrate == .max)
        let zero = ReceiverEstimatedMaximumBitrate(senderSSRC: 0, exponent: 63, mantissa: 0, ssrcs: [])
        #expect(zero.bitrate == 0)
    }
}
