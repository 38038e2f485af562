import NIOCore
import RTCP
import TestSupport
import Testing

/// The exact error for each kind of bad input, and where it points.
@Suite struct ErrorCaseTests {
    private func compoundError(_ bytes: [UInt8]) -> RTCPError? {
        var input = buffer(bytes)
        do {
            _ = try RTCPCompoundPacket(parsing: &input)
            return nil
        } catch {
            return error
        }
    }

    static let emptyReceiverReport = hexBytes("80 c9 00 01  00 00 00 01  // RR, RC=0, SSRC 1")

    @Test func headerErrors() {
        #expect(compoundError([]) == .truncated(at: 0, need: 4))
        #expect(compoundError([0x80, 0xc9]) == .truncated(at: 0, need: 4))
        #expect(compoundError(hexBytes("40 c9 00 01  00 00 00 01  // version 1")) == .badVersion(1))
        #expect(compoundError(hexBytes("00 c9 00 01  00 00 00 01  // version 0")) == .badVersion(0))
        #expect(compoundError(hexBytes("80 c9 00 02  00 00 00 01  // length 2, 8 bytes")) == .lengthOverrun(at: 0))
        // Errors in later packets point at them, counted from the compound's start.
        let two = Self.emptyReceiverReport + hexBytes("81 ce 00 02  00 00 00 01  // PLI cut short")
        #expect(compoundError(two) == .lengthOverrun(at: 8))
        #expect(compoundError(Self.emptyReceiverReport + [0x80, 0xc9]) == .truncated(at: 8, need: 4))
        #expect(compoundError(Self.emptyReceiverReport + hexBytes("c0 c9 00 00")) == .badVersion(3))
    }

    @Test func paddingErrors() {
        expectError(ReceiverReport.self, hexBytes("a0 c9 00 01  00 00 00 00  // P=1, count 0"), .badPadding(at: 0))
        expectError(ReceiverReport.self, hexBytes("a0 c9 00 01  00 00 00 05  // P=1, count 5 > 4"), .badPadding(at: 0))
        // A valid count that leaves the RR without its SSRC.
        expectError(ReceiverReport.self, hexBytes("a0 c9 00 01  00 00 00 04"), .lengthMismatch(at: 0))
    }

    @Test func reportErrors() {
        var rr = RFC3550TestVectors.capturedCompound[..<32].map { $0 }
        rr[0] = 0x82  // RC=2 with one block
        expectError(ReceiverReport.self, rr, .badReportCount(at: 0))
        expectError(SenderReport.self, RFC3550TestVectors.capturedCompound[..<32].map { $0 }, .unexpectedPacketType(.receiverReport))
        expectError(SenderReport.self, hexBytes("80 c8 00 01  00 00 00 01  // SR without sender info"), .lengthMismatch(at: 0))
        expectError(ReceiverReport.self, hexBytes("80 c9 00 00  // RR without SSRC"), .lengthMismatch(at: 0))
        var sr = RFC3550TestVectors.senderReport
        sr[0] = 0x82
        expectError(SenderReport.self, sr, .badReportCount(at: 0))
        #expect(compoundError(Self.emptyReceiverReport + rr) == .badReportCount(at: 8))
    }

    @Test func sourceDescriptionErrors() {
        expectError(
            SourceDescription.self,
            hexBytes("81 ca 00 02  00 00 00 01  01 08 61 62  // CNAME of 8 octets in 2"),
            .truncated(at: 10, need: 8))
        expectError(
            SourceDescription.self, hexBytes("81 ca 00 02  00 00 00 01  01 02 61 62  // no END"),
            .truncated(at: 12, need: 1))
        expectError(
            SourceDescription.self, hexBytes("81 ca 00 03  00 00 00 01  00 00 00 00  00 00 00 00  // extra word"),
            .lengthMismatch(at: 0))
        expectError(SourceDescription.self, hexBytes("82 ca 00 02  00 00 00 01  00 00 00 00  // SC=2, one chunk"), .badReportCount(at: 0))
    }

    @Test func goodbyeErrors() {
        expectError(Goodbye.self, hexBytes("82 cb 00 01  00 00 00 01  // SC=2, one source"), .badReportCount(at: 0))
        expectError(Goodbye.self, hexBytes("81 cb 00 02  00 00 00 01  09 61 62 63  // reason of 9 in 3"), .truncated(at: 9, need: 9))
        expectError(
            Goodbye.self, hexBytes("81 cb 00 03  00 00 00 01  01 61 00 00  00 00 00 00  // a word past the reason"),
            .lengthMismatch(at: 0))
    }

    @Test func feedbackErrors() {
        expectError(TransportLayerNACK.self, hexBytes("81 cd 00 02  00 00 00 01  00 00 00 02  // no pairs"), .lengthMismatch(at: 0))
        expectError(
            TransportLayerNACK.self, hexBytes("81 ce 00 03  00 00 00 01  00 00 00 02  00 01 00 00"),
            .unexpectedPacketType(.payloadFeedback))
        expectError(
            TransportLayerNACK.self, hexBytes("83 cd 00 03  00 00 00 01  00 00 00 02  00 01 00 00  // FMT 3"),
            .unexpectedFormat(3))
        expectError(
            TransportLayerNACK.self, hexBytes("a1 cd 00 03  00 00 00 01  00 00 00 02  00 01 00 02  // P=1 leaves 2 of a pair"),
            .lengthMismatch(at: 0))
        expectError(PictureLossIndication.self, hexBytes("84 ce 00 02  00 00 00 01  00 00 00 02  // FIR FMT"), .unexpectedFormat(4))
        expectError(
            PictureLossIndication.self, hexBytes("81 ce 00 03  00 00 00 01  00 00 00 02  00 00 00 00  // FCI on a PLI"),
            .lengthMismatch(at: 0))
        expectError(FullIntraRequest.self, hexBytes("84 ce 00 02  00 00 00 01  00 00 00 00  // no entries"), .lengthMismatch(at: 0))
        expectError(
            FullIntraRequest.self, hexBytes("84 ce 00 03  00 00 00 01  00 00 00 00  00 00 00 07  // half an entry"),
            .lengthMismatch(at: 0))
        var remb = RFC4585TestVectors.chromeREMB
        remb[16] = 2  // two SSRCs announced, one present
        expectError(ReceiverEstimatedMaximumBitrate.self, remb, .lengthMismatch(at: 0))
        remb = RFC4585TestVectors.chromeREMB
        remb[15] = 0x43  // "REMC"
        expectError(ReceiverEstimatedMaximumBitrate.self, remb, .badREMBIdentifier)
    }

    @Test func transportLayerCCErrors() {
        let fixed = hexBytes("""
            00 00 00 01  00 00 00 02  // SSRCs
            00 00 00 14               // base 0, 20 packets
            00 00 00 00               // reference time, feedback count
            """)
        func twcc(_ rest: [UInt8], padding: Bool = false) -> [UInt8] {
            let body = fixed + rest
            return [padding ? 0xaf : 0x8f, 0xcd, 0, UInt8(body.count / 4)] + body
        }
        // One run of 8 covers 8 of 20; the next chunk is missing.
        expectError(TransportLayerCC.self, twcc([0x00, 0x08, 0x00, 0x00]), .truncated(at: 24, need: 2))
        // A run of 20 small deltas with 2 deltas present.
        expectError(TransportLayerCC.self, twcc([0x20, 0x14, 0x01, 0x02]), .truncated(at: 24, need: 1))
        // 20 not received, then a spare word.
        expectError(TransportLayerCC.self, twcc([0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]), .lengthMismatch(at: 0))
        // 20 not received, two alignment bytes: fine.
        #expect(throws: Never.self) { try parse(TransportLayerCC.self, twcc([0x00, 0x14, 0x00, 0x00])) }
        expectError(TransportLayerCC.self, twcc([0x6f, 0xff, 0x00, 0x00]), .badTWCCChunk(at: 20))
        expectError(TransportLayerCC.self, [0x8f, 0xcd, 0x00, 0x03] + fixed.prefix(12), .lengthMismatch(at: 0))
    }

    @Test func iteratorStopsAfterAnError() throws {
        var iterator = RTCPPacketIterator(buffer(Self.emptyReceiverReport + [0x40, 0xc9, 0x00, 0x00] + Self.emptyReceiverReport))
        #expect(try iterator.next() != nil)
        #expect(throws: RTCPError.badVersion(1)) { try iterator.next() }
        #expect(try iterator.next() == nil)
    }

    @Test func singlePacketParsersConsumeOnlyTheirPacket() throws {
        var input = buffer(RFC3550TestVectors.capturedCompound)
        let report = try ReceiverReport(parsing: &input)
        #expect(report.ssrc == 0x902f_9e2e)
        #expect(input.readerIndex == 32)
        let description = try SourceDescription(parsing: &input)
        #expect(description.chunks.count == 1)
        #expect(input.readerIndex == 84)
        // A failing parse leaves the reader index where it was.
        #expect(throws: RTCPError.unexpectedPacketType(.goodbye)) { try SenderReport(parsing: &input) }
        #expect(input.readerIndex == 84)
        var header = input
        let parsed = try RTCPHeader(parsing: &header)
        #expect(parsed == RTCPHeader(count: 1, packetType: .goodbye, length: 1))
        #expect(parsed.packetSize == 8)
    }
}
