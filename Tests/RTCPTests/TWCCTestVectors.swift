import NIOCore
@testable import RTCP
import TestSupport
import Testing

/// Transport-wide CC feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), byte by byte.
/// Most vectors are pion/rtcp's (several captured from Chrome).
@Suite struct TWCCTestVectors {
    static let runLengthOfOne = hexBytes("""
        af cd 00 05  // V=2 P=1 FMT=15, PT=205 RTPFB, length 5
        fa 17 fa 17  // SSRC of packet sender 4195875351
        43 03 2f a0  // SSRC of media source 1124282272
        00 99 00 01  // base sequence number 153, packet status count 1
        3d e8 02 17  // reference time 4057090 (x 64 ms), feedback packet count 23
        20 01        // run length chunk: 0 01 (small delta) run 1
        94           // receive delta 148 x 250 us = 37 ms
        01           // padding, 1 octet
        """)

    @Test func runLengthChunkOfOne() throws {
        let feedback = try parseAndCompare(TransportLayerCC.self, Self.runLengthOfOne)
        #expect(feedback.senderSSRC == 4_195_875_351)
        #expect(feedback.mediaSSRC == 1_124_282_272)
        #expect(feedback.baseSequenceNumber == 153)
        #expect(feedback.packetStatusCount == 1)
        #expect(feedback.referenceTime == 4_057_090)
        #expect(feedback.feedbackPacketCount == 23)
        #expect(feedback.chunks == [.runLength(.receivedSmallDelta, length: 1)])
        #expect(feedback.receiveDeltas == [.small(148)])
        #expect(try feedback.packetResults() == [TWCCPacketResult(sequenceNumber: 153, arrivalTime: 4_057_090 * 64_000 + 37_000)])
    }

    static let runLengthOfSeven = hexBytes("""
        af cd 00 07  // V=2 P=1 FMT=15, PT=205, length 7
        fa 17 fa 17  // sender SSRC
        19 3d d8 bb  // media SSRC 423483579
        00 04 00 07  // base 4, status count 7
        10 63 6e 01  // reference time 1074030, feedback packet count 1
        20 07        // run length: small delta x 7
        4c 24 24 10 0c 0c 10  // deltas 19, 9, 9, 4, 3, 3, 4 ms
        00 00 03     // padding, 3 octets
        """)

    @Test func runLengthChunkOfSeven() throws {
        let feedback = try parseAndCompare(TransportLayerCC.self, Self.runLengthOfSeven)
        #expect(feedback.baseSequenceNumber == 4)
        #expect(feedback.packetStatusCount == 7)
        #expect(feedback.referenceTime == 1_074_030)
        #expect(feedback.feedbackPacketCount == 1)
        #expect(feedback.chunks == [.runLength(.receivedSmallDelta, length: 7)])
        #expect(feedback.receiveDeltas.map(\.microseconds) == [19000, 9000, 9000, 4000, 3000, 3000, 4000])
    }

    static let twoBitVectorAndRunLength = hexBytes("""
        af cd 00 07  // V=2 P=1 FMT=15, PT=205, length 7
        9b 74 f6 1f  // sender SSRC 2608133663
        93 71 dc bc  // media SSRC 2473712828
        85 3c 00 09  // base 34108, status count 9
        63 f9 16 b3  // reference time 6551830, feedback packet count 179
        d5 52        // 1 1 two-bit vector: 01 01 01 01 01 00 10
        00 30        // run length: not received x 48 (covers the 2 left, and more)
        9b aa 6a aa 7b  // small deltas 38.75, 42.5, 26.5, 42.5, 30.75 ms
        01 09        // large delta 265 x 250 us = 66.25 ms
        01           // padding, 1 octet
        """)

    @Test func twoBitVectorAndLargeDelta() throws {
        let feedback = try parseAndCompare(TransportLayerCC.self, Self.twoBitVectorAndRunLength)
        #expect(feedback.baseSequenceNumber == 34108)
        #expect(feedback.packetStatusCount == 9)
        #expect(feedback.referenceTime == 6_551_830)
        #expect(feedback.feedbackPacketCount == 179)
        #expect(feedback.chunks == [.twoBitVector(0x1552), .runLength(.notReceived, length: 48)])
        #expect(
            feedback.chunks[0].symbols == [
                .receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta,
                .receivedSmallDelta, .notReceived, .receivedLargeDelta,
            ])
        #expect(feedback.receiveDeltas == [.small(155), .small(170), .small(106), .small(170), .small(123), .large(265)])
        let results = try feedback.packetResults()
        #expect(results.map(\.sequenceNumber) == Array(34108...34116))
        #expect(results.map(\.isReceived) == [true, true, true, true, true, false, true, false, false])
        let sumOfDeltas: Int64 = 38750 + 42500 + 26500 + 42500 + 30750 + 66250
        let referenceTime: Int64 = 6_551_830 * 64_000
        #expect(results[6].arrivalTime == referenceTime + sumOfDeltas)
    }

    static let oneBitVector = hexBytes("""
        af cd 00 07  // V=2 P=1 FMT=15, PT=205, length 7
        fa 17 fa 17  // sender SSRC
        43 03 2f a0  // media SSRC
        9c 14 00 0c  // base 39956, status count 12
        75 84 20 00  // reference time 7701536, feedback packet count 0
        be c0        // 1 0 one-bit vector: 1 1 1 1 1 0 1 1 0 0 0 0 (0 0)
        c1 3f 3b 3f 53 90 3b  // deltas 48.25, 15.75, 14.75, 15.75, 20.75, 36, 14.75 ms
        00 00 03     // padding, 3 octets
        """)

    @Test func oneBitVectorChunk() throws {
        let feedback = try parseAndCompare(TransportLayerCC.self, Self.oneBitVector)
        #expect(feedback.chunks == [.oneBitVector(0x3ec0)])
        #expect(feedback.receiveDeltas.map(\.microseconds) == [48250, 15750, 14750, 15750, 20750, 36000, 14750])
        #expect(try feedback.packetResults().map(\.isReceived) == [true, true, true, true, true, false, true, true, false, false, false, false])
    }

    @Test func emptyFeedback() throws {
        let bytes = hexBytes("""
            8f cd 00 04  // V=2 P=0 FMT=15, PT=205, length 4
            9a cb 04 42  // sender SSRC
            00 00 00 00  // media SSRC 0
            00 00 00 00  // base 0, status count 0
            00 00 00 00  // reference time 0, feedback packet count 0
            """)
        let feedback = try parseAndCompare(TransportLayerCC.self, bytes)
        #expect(feedback.chunks.isEmpty && feedback.receiveDeltas.isEmpty)
        #expect(try feedback.packetResults().isEmpty)
    }

    /// Built by hand: every chunk kind, a sequence wrap, small deltas and a
    /// negative large one, a negative reference time.
    static let allChunkKinds = hexBytes("""
        af cd 00 08  // V=2 P=1 FMT=15, PT=205, length 8
        00 00 00 01  // sender SSRC
        00 00 00 02  // media SSRC
        ff fa 00 13  // base 65530, status count 19
        ff ff f0 05  // reference time -16 (x 64 ms), feedback packet count 5
        20 03        // run length: small x 3           (65530-65532)
        a8 01        // one-bit vector 1 0 1 0...0 1    (65533-65535, 0-10)
        e4 00        // two-bit vector 10 01, then unused (11, 12)
        04 08 00     // small deltas +1, +2, +0 ms
        ff 01 02     // small deltas +63.75, +0.25, +0.5 ms
        ff fc        // large delta -4 x 250 us = -1 ms
        28           // small delta +10 ms
        01           // padding, 1 octet
        """)

    @Test func everyChunkKindAcrossTheSequenceWrap() throws {
        let feedback = try parseAndCompare(TransportLayerCC.self, Self.allChunkKinds)
        #expect(feedback.baseSequenceNumber == 65530)
        #expect(feedback.packetStatusCount == 19)
        #expect(feedback.referenceTime == -16)
        #expect(feedback.chunks == [.runLength(.receivedSmallDelta, length: 3), .oneBitVector(0x2801), .twoBitVector(0x2400)])
        #expect(feedback.receiveDeltas == [.small(4), .small(8), .small(0), .small(255), .small(1), .small(2), .large(-4), .small(40)])
        let base: Int64 = -16 * 64_000
        let expected: [TWCCPacketResult] = [
            .init(sequenceNumber: 65530, arrivalTime: base + 1000),
            .init(sequenceNumber: 65531, arrivalTime: base + 3000),
            .init(sequenceNumber: 65532, arrivalTime: base + 3000),
            .init(sequenceNumber: 65533, arrivalTime: base + 66750),
            .init(sequenceNumber: 65534, arrivalTime: nil),
            .init(sequenceNumber: 65535, arrivalTime: base + 67000),
        ] + (0...9).map { TWCCPacketResult(sequenceNumber: $0, arrivalTime: nil) } + [
            .init(sequenceNumber: 10, arrivalTime: base + 67500),
            .init(sequenceNumber: 11, arrivalTime: base + 66500),
            .init(sequenceNumber: 12, arrivalTime: base + 76500),
        ]
        #expect(try feedback.packetResults() == expected)
    }

    /// The chunk examples of §3.1.3 and §3.1.4.
    @Test func draftChunkExamples() throws {
        #expect(try TWCCPacketChunk(raw: 0x00dd, at: 0) == .runLength(.notReceived, length: 221))
        let oneBit = try TWCCPacketChunk(raw: 0x9f1c, at: 0)
        #expect(oneBit.symbols.map(\.rawValue) == [0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0])
        #expect(oneBit.rawValue == 0x9f1c)
        #expect(TWCCPacketChunk(oneBit: oneBit.symbols) == oneBit)
        // The draft's other two examples use symbol 11, reserved in §3.1.1;
        // libwebrtc rejects it, and so do we.
        #expect(throws: RTCPError.badTWCCChunk(at: 6)) { try TWCCPacketChunk(raw: 0x6018, at: 6) }
        #expect(throws: RTCPError.badTWCCChunk(at: 0)) { try TWCCPacketChunk(raw: 0xcd50, at: 0) }
        let twoBit = TWCCPacketChunk(twoBit: [.notReceived, .receivedLargeDelta, .receivedSmallDelta])
        #expect(twoBit.rawValue == 0xc900)
        #expect(try TWCCPacketChunk(raw: 0xc900, at: 0) == twoBit)
    }

    @Test func reservedSymbolInAPacketIsAnError() {
        var bytes = Self.runLengthOfOne
        bytes[20] = 0x60  // run length chunk with symbol 11
        expectError(TransportLayerCC.self, bytes, .badTWCCChunk(at: 20))
    }

    @Test func paddingBitWithZeroCountIsAnError() {
        // pion/rtcp's "example3" sets P but ends in a zero padding count.
        let bytes = hexBytes("""
            af cd 00 07  fa 17 fa 17  19 3d d8 bb  01 74 00 06  45 b1 5a 40
            40 02 20 04  1f fe 1f 9a  d0 00 d0 00
            """)
        expectError(TransportLayerCC.self, bytes, .badPadding(at: 0))
    }

    @Test func handBuiltMismatchIsReportedByTheDecoder() throws {
        var feedback = TransportLayerCC(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, packetStatusCount: 2, referenceTime: 0,
            feedbackPacketCount: 0, chunks: [.runLength(.receivedSmallDelta, length: 2)], receiveDeltas: [.small(1)])
        #expect(throws: RTCPError.twccDeltaMismatch) { try feedback.packetResults() }
        feedback.receiveDeltas = [.small(1), .large(1)]
        #expect(throws: RTCPError.twccDeltaMismatch) { try feedback.packetResults() }
        feedback.receiveDeltas = [.small(1), .small(1), .small(1)]
        #expect(throws: RTCPError.twccDeltaMismatch) { try feedback.packetResults() }
        feedback.receiveDeltas = [.small(1), .small(1)]
        #expect(try feedback.packetResults().count == 2)
    }
}
