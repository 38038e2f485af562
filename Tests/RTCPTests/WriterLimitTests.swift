import NIOCore
import RTCP
import Testing

/// Writers whose fields have a size limit (5-bit counts, 8-bit lengths,
/// the 16-bit packet length) cut what does not fit instead of trapping:
/// the lists may echo what a peer sent. Each case writes past the limit,
/// checks `serializedSize` against the bytes and parses the result back.
@Suite struct WriterLimitTests {
    static func report(_ ssrc: UInt32) -> ReceptionReport {
        ReceptionReport(
            ssrc: ssrc, fractionLost: 0, totalLost: 0, extendedHighestSequenceNumber: ssrc, jitter: 0,
            lastSenderReport: 0, delaySinceLastSenderReport: 0)
    }

    /// Writes `value`, expects `serializedSize` bytes and parses them back.
    func roundTrip<T: RTCPWireValue>(_ value: T) throws -> T {
        var buffer = ByteBuffer(bytes: serialize(value))
        let parsed = try T(parsing: &buffer)
        #expect(buffer.readableBytes == 0)
        return parsed
    }

    @Test func rembWithThreeHundredSSRCsWritesTheFirst255() throws {
        let ssrcs = (1...300).map { UInt32($0) }
        let remb = ReceiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 1_000_000, ssrcs: ssrcs)
        let parsed = try roundTrip(remb)
        #expect(parsed.ssrcs == Array(ssrcs.prefix(255)))
        #expect(parsed.bitrate == remb.bitrate)
        #expect(remb.serializedSize == 4 + 16 + 4 * 255)
    }

    @Test func receiverAndSenderReportsWriteTheFirst31Blocks() throws {
        let reports = (1...40).map { Self.report(UInt32($0)) }
        let rr = try roundTrip(ReceiverReport(ssrc: 7, reports: reports))
        #expect(rr.reports == Array(reports.prefix(31)))
        let sr = try roundTrip(SenderReport(ssrc: 7, ntpTime: 1, rtpTime: 2, packetCount: 3, octetCount: 4, reports: reports))
        #expect(sr.reports == Array(reports.prefix(31)))
    }

    @Test func reportExtensionsAreCutAtTheLengthField() throws {
        let rr = ReceiverReport(ssrc: 7, profileExtension: ByteBuffer(repeating: 0xAB, count: 300_000))
        let parsed = try roundTrip(rr)
        #expect(parsed.profileExtension.readableBytes == 4 * 65_535 - 4)
        #expect(rr.serializedSize == 4 * 65_536)
    }

    @Test func sourceDescriptionCutsChunksAndItems() throws {
        let long = [UInt8](repeating: 0x61, count: 300)
        let chunks = (1...40).map {
            SourceDescription.Chunk(source: UInt32($0), items: [.init(type: .cname, value: long)])
        }
        let parsed = try roundTrip(SourceDescription(chunks: chunks))
        #expect(parsed.chunks.count == 31)
        #expect(parsed.chunks.allSatisfy { $0.items == [.init(type: .cname, value: Array(long.prefix(255)))] })
        #expect(parsed.chunks.map(\.source) == (1...31).map { UInt32($0) })
    }

    @Test func sourceDescriptionLeavesOutItemsPastTheLengthField() throws {
        // 1100 items of 255 octets (257 bytes each) need 282,700 bytes.
        let items = [SourceDescription.Item](
            repeating: .init(type: .note, value: [UInt8](repeating: 0x62, count: 255)), count: 1_100)
        let parsed = try roundTrip(SourceDescription(chunks: [.init(source: 5, items: items)]))
        let chunk = try #require(parsed.chunks.first)
        // 4 (SSRC) + 257 n + END, padded, within 262,140 bytes: n = 1019.
        #expect(chunk.items.count == 1_019)
    }

    @Test func goodbyeWritesThe31FirstSourcesAnd255OctetsOfReason() throws {
        let sources = (1...40).map { UInt32($0) }
        let reason = [UInt8](repeating: 0x7A, count: 300)
        let parsed = try roundTrip(Goodbye(sources: sources, reason: reason))
        #expect(parsed.sources == Array(sources.prefix(31)))
        #expect(parsed.reason == Array(reason.prefix(255)))
    }

    @Test func applicationDefinedMasksItsSubtypeAndCutsItsData() throws {
        let app = ApplicationDefined(subtype: 0x2A, ssrc: 3, name: 0x5445_5354, data: ByteBuffer(repeating: 1, count: 270_000))
        let parsed = try roundTrip(app)
        #expect(parsed.subtype == 0x0A)
        #expect(parsed.data.readableBytes == 4 * 65_535 - 8)
    }

    @Test func nackAndFIRWriteWhatTheLengthFieldHolds() throws {
        let pairs = (0..<70_000).map { TransportLayerNACK.Pair(packetID: UInt16(truncatingIfNeeded: $0)) }
        let nack = try roundTrip(TransportLayerNACK(senderSSRC: 1, mediaSSRC: 2, pairs: pairs))
        #expect(nack.pairs == Array(pairs.prefix(TransportLayerNACK.maxPairs)))
        #expect(TransportLayerNACK.maxPairs == 65_533)

        let entries = (0..<40_000).map { FullIntraRequest.Entry(ssrc: UInt32($0), sequenceNumber: 1) }
        let fir = try roundTrip(FullIntraRequest(senderSSRC: 1, entries: entries))
        #expect(fir.entries == Array(entries.prefix(FullIntraRequest.maxEntries)))
        #expect(FullIntraRequest.maxEntries == 32_766)
    }

    @Test func nackExpansionStopsAtTheLimit() {
        let pairs = [TransportLayerNACK.Pair](repeating: .init(packetID: 10, lostPackets: 0xFFFF), count: 1_000)
        let nack = TransportLayerNACK(senderSSRC: 1, mediaSSRC: 2, pairs: pairs)
        let numbers = nack.lostSequenceNumbers(limit: 20)
        #expect(numbers == Array((10...26).map { UInt16($0) } + [10, 11, 12]))
        #expect(nack.lostSequenceNumbers(limit: 0).isEmpty)
    }

    @Test func handBuiltTWCCPastTheLengthFieldDescribesFewerPackets() throws {
        // One large delta per one-packet chunk: 4 bytes a packet, 262,156 in all.
        let count = 65_535
        let feedback = TransportLayerCC(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 100, packetStatusCount: UInt16(count), referenceTime: 5,
            feedbackPacketCount: 0, chunks: Array(repeating: .runLength(.receivedLargeDelta, length: 1), count: count),
            receiveDeltas: Array(repeating: .large(4), count: count))
        let parsed = try roundTrip(feedback)
        // (262,140 - 16) / 4 packets fit.
        #expect(parsed.packetStatusCount == 65_531)
        let results = try parsed.packetResults()
        #expect(results.count == 65_531)
        let last = try #require(results.last?.arrivalTime)
        #expect(last == Int64(5 * 64_000 + 65_531 * 4 * 250))
    }

    @Test func unknownPacketBodiesAreCutAtTheLengthField() throws {
        let packet = RTCPPacket.unknown(
            packetType: RTCPPacketType(rawValue: 210), count: 40, body: ByteBuffer(repeating: 9, count: 300_000))
        let parsed = try roundTrip(packet)
        guard case .unknown(_, let count, let body) = parsed else {
            Issue.record("parsed as \(parsed)")
            return
        }
        #expect(count == 31)
        #expect(body.readableBytes == 4 * 65_535)
    }
}
