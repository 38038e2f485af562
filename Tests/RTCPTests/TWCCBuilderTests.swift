import NIOCore
import RTCP
import TestSupport
import Testing

/// Building transport-wide CC feedback from arrival times and decoding it back.
@Suite struct TWCCBuilderTests {
    /// Arrival times from a list of (sequence number, ms after the
    /// reference time or nil).
    private func packets(_ referenceTime: Int32, _ list: [(UInt16, Int64?)]) -> [TWCCPacketResult] {
        list.map { TWCCPacketResult(sequenceNumber: $0.0, arrivalTime: $0.1.map { Int64(referenceTime) * 64_000 + $0 }) }
    }

    @Test func reproducesTheCapturedRunLengthPacket() throws {
        var time: Int64 = 0
        let arrivals = zip(4..., [19000, 9000, 9000, 4000, 3000, 3000, 4000] as [Int64]).map { sequence, delta in
            time += delta
            return (UInt16(sequence), Optional(time))
        }
        let feedback = try TransportLayerCC(
            senderSSRC: 4_195_875_351, mediaSSRC: 423_483_579, feedbackPacketCount: 1, baseSequenceNumber: 4,
            referenceTime: 1_074_030, packets: packets(1_074_030, arrivals))
        #expect(serialize(feedback) == TWCCTestVectors.runLengthOfSeven)
    }

    @Test func reproducesTheCapturedOneBitVectorPacket() throws {
        let deltas: [Int64?] = [48250, 15750, 14750, 15750, 20750, nil, 36000, 14750, nil, nil, nil, nil]
        var time: Int64 = 0
        let arrivals = zip(39956..., deltas).map { sequence, delta -> (UInt16, Int64?) in
            guard let delta else { return (UInt16(sequence), nil) }
            time += delta
            return (UInt16(sequence), time)
        }
        let feedback = try TransportLayerCC(
            senderSSRC: 4_195_875_351, mediaSSRC: 1_124_282_272, feedbackPacketCount: 0, baseSequenceNumber: 39956,
            referenceTime: 7_701_536, packets: packets(7_701_536, arrivals))
        #expect(serialize(feedback) == TWCCTestVectors.oneBitVector)
    }

    @Test func decodesTheHandBuiltPacketTheSameWay() throws {
        // Rebuilding from the decoded arrivals packs chunks the libwebrtc way,
        // which differs from the hand-built chunks but decodes identically.
        let wire = try parse(TransportLayerCC.self, TWCCTestVectors.allChunkKinds)
        let results = try wire.packetResults()
        let rebuilt = try TransportLayerCC(
            senderSSRC: 1, mediaSSRC: 2, feedbackPacketCount: 5, baseSequenceNumber: 65530, referenceTime: -16,
            packets: results)
        #expect(rebuilt.chunks != wire.chunks)
        #expect(rebuilt.receiveDeltas == wire.receiveDeltas)
        #expect(try rebuilt.packetResults() == results)
    }

    /// Chunk choices, checked against what libwebrtc's LastChunk emits.
    @Test func packsChunksLikeLibwebrtc() throws {
        func chunks(_ symbols: [TWCCStatusSymbol]) throws -> [TWCCPacketChunk] {
            var time: Int64 = 0
            let list = symbols.enumerated().map { index, symbol -> TWCCPacketResult in
                switch symbol {
                case .notReceived: return TWCCPacketResult(sequenceNumber: UInt16(index), arrivalTime: nil)
                case .receivedSmallDelta: time += 1000
                case .receivedLargeDelta: time += 100_000
                }
                return TWCCPacketResult(sequenceNumber: UInt16(index), arrivalTime: time)
            }
            return try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 0, referenceTime: 0,
                packets: list
            ).chunks
        }
        let small = TWCCStatusSymbol.receivedSmallDelta, large = TWCCStatusSymbol.receivedLargeDelta
        let lost = TWCCStatusSymbol.notReceived
        #expect(try chunks(Array(repeating: small, count: 8)) == [.runLength(small, length: 8)])
        #expect(try chunks([small, lost, small]) == [TWCCPacketChunk(twoBit: [small, lost, small])])
        let alternating = (0..<14).map { $0 % 2 == 0 ? small : lost }
        #expect(try chunks(alternating) == [TWCCPacketChunk(oneBit: alternating)])
        #expect(try chunks(alternating + [small]) == [TWCCPacketChunk(oneBit: alternating), .runLength(small, length: 1)])
        let mixed: [TWCCStatusSymbol] = [large, lost, small, lost, small, lost, small]
        #expect(
            try chunks(mixed + Array(repeating: small, count: 20)) == [
                TWCCPacketChunk(twoBit: mixed), .runLength(small, length: 20),
            ])
        // A long loss run becomes one run-length chunk, not 100 / 14 vectors.
        #expect(try chunks([small] + Array(repeating: lost, count: 100) + [small]).count <= 3)
        // A run longer than 13 bits is split.
        #expect(
            try chunks(Array(repeating: lost, count: 9000) + [small]) == [
                .runLength(lost, length: 8191), .runLength(lost, length: 809), .runLength(small, length: 1),
            ])
    }

    @Test func gapsInTheListAreNotReceived() throws {
        let feedback = try TransportLayerCC(
            senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 100, referenceTime: 0,
            packets: [TWCCPacketResult(sequenceNumber: 103, arrivalTime: 500)])
        #expect(feedback.packetStatusCount == 4)
        #expect(try feedback.packetResults().map(\.isReceived) == [false, false, false, true])
    }

    @Test func deltasRoundWithoutDrift() throws {
        // 100 packets 1.1 ms apart: each delta is 4 or 5 ticks, but the sum
        // tracks the real time so no error builds up.
        let list = (0..<100).map { TWCCPacketResult(sequenceNumber: UInt16($0), arrivalTime: Int64($0) * 1100 + 37) }
        let feedback = try TransportLayerCC(
            senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 0, referenceTime: 0, packets: list)
        let decoded = try parse(TransportLayerCC.self, serialize(feedback)).packetResults()
        for (sent, back) in zip(list, decoded) {
            let error = try #require(back.arrivalTime) - #require(sent.arrivalTime)
            #expect(abs(error) <= 125)
        }
    }

    @Test func builderErrors() {
        #expect(throws: RTCPError.twccSequenceNotIncreasing(sequenceNumber: 5)) {
            try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 0, referenceTime: 0,
                packets: [.init(sequenceNumber: 6, arrivalTime: 0), .init(sequenceNumber: 5, arrivalTime: 0)])
        }
        #expect(throws: RTCPError.twccSequenceNotIncreasing(sequenceNumber: 65535)) {
            // Before the base in wrap-around order is far after it: too many packets.
            try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 0, referenceTime: 0,
                packets: [.init(sequenceNumber: 65535, arrivalTime: nil)])
        }
        #expect(throws: RTCPError.twccDeltaOutOfRange(sequenceNumber: 2)) {
            try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 1, referenceTime: 0,
                packets: [.init(sequenceNumber: 1, arrivalTime: 0), .init(sequenceNumber: 2, arrivalTime: 8_200_000)])
        }
        #expect(throws: RTCPError.twccDeltaOutOfRange(sequenceNumber: 1)) {
            try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 1, referenceTime: 0,
                packets: [.init(sequenceNumber: 1, arrivalTime: .min)])
        }
        #expect(throws: RTCPError.twccReferenceTimeOutOfRange(0x80_0000)) {
            try TransportLayerCC(
                senderSSRC: 0, mediaSSRC: 0, feedbackPacketCount: 0, baseSequenceNumber: 1, referenceTime: 0x80_0000,
                packets: [])
        }
    }

    /// Random arrival patterns: losses, bursts, gaps needing large and
    /// negative deltas, lengths past 7, 14 and a run-length's 8191.
    @Test func randomPatternsRoundTrip() throws {
        var random = SeededRandom(seed: 0x7cc)
        for round in 0..<300 {
            let count = [1, 5, 7, 8, 14, 15, 30, 200][round % 8] + (round % 40 == 39 ? 9000 : 0)
            let base = UInt16.random(in: 0...UInt16.max, using: &random)
            let referenceTime = Int32.random(in: -1000...1000, using: &random)
            var time = Int64(referenceTime) * 64_000 + Int64.random(in: -500_000...500_000, using: &random)
            let lossRate = [0.0, 0.1, 0.5, 0.95][round % 4]
            var list: [TWCCPacketResult] = []
            for offset in 0..<count {
                let sequenceNumber = base &+ UInt16(offset)
                if Double.random(in: 0..<1, using: &random) < lossRate {
                    if Bool.random(using: &random) { list.append(.init(sequenceNumber: sequenceNumber, arrivalTime: nil)) }
                    continue  // lost, listed or left as a gap
                }
                switch Int.random(in: 0..<10, using: &random) {
                case 0: time += Int64.random(in: 64_000...7_000_000, using: &random)  // large
                case 1: time -= Int64.random(in: 0...7_000_000, using: &random)  // reordered arrival: negative
                default: time += Int64.random(in: 0...63_000, using: &random) / 250 * 250  // small, on the grid
                }
                list.append(.init(sequenceNumber: sequenceNumber, arrivalTime: time))
            }
            let feedback = try TransportLayerCC(
                senderSSRC: 1, mediaSSRC: 2, feedbackPacketCount: UInt8(truncatingIfNeeded: round),
                baseSequenceNumber: base, referenceTime: referenceTime, packets: list)
            let parsed = try parse(TransportLayerCC.self, serialize(feedback))
            #expect(parsed == feedback, "round \(round)")
            let decoded = try parsed.packetResults()
            let lastOffset = list.last.map { Int($0.sequenceNumber &- base) } ?? -1
            #expect(decoded.count == lastOffset + 1, "round \(round)")
            var byNumber: [UInt16: Int64] = [:]
            for packet in list {
                byNumber[packet.sequenceNumber] = packet.arrivalTime
            }
            for result in decoded {
                if let sent = byNumber[result.sequenceNumber], let back = result.arrivalTime {
                    #expect(abs(back - sent) <= 125, "round \(round) seq \(result.sequenceNumber)")
                } else {
                    #expect(result.arrivalTime == nil && byNumber[result.sequenceNumber] == nil, "round \(round)")
                }
            }
        }
    }
}
