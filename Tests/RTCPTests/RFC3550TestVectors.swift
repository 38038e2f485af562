import NIOCore
import RTCP
import TestSupport
import Testing

/// SR, RR, SDES, BYE and APP (RFC 3550 §6.4-§6.7), byte by byte.
@Suite struct RFC3550TestVectors {
    /// SR with one report block; field values from pion/rtcp's test, with the
    /// length field corrected to the 13 words actually present.
    static let senderReport = hexBytes("""
        81 c8 00 0c  // V=2 P=0 RC=1, PT=200 SR, length 12
        90 2f 9e 2e  // SSRC of sender
        da 8b d1 fc  // NTP timestamp, most significant word
        dd dd a0 5a  // NTP timestamp, least significant word
        aa f4 ed d5  // RTP timestamp
        00 00 00 01  // sender's packet count 1
        00 00 00 02  // sender's octet count 2
        bc 5e 9a 40  // report block: SSRC
        00 00 00 00  // fraction lost 0, cumulative lost 0
        00 00 46 e1  // extended highest sequence number
        00 00 01 11  // jitter 273
        09 f3 64 32  // LSR
        00 02 4a 79  // DLSR 150137
        """)

    @Test func senderReportWithOneBlock() throws {
        let report = try parseAndCompare(SenderReport.self, Self.senderReport)
        #expect(report.ssrc == 0x902f_9e2e)
        #expect(report.ntpTime == 0xda8b_d1fc_dddd_a05a)
        #expect(report.rtpTime == 0xaaf4_edd5)
        #expect(report.packetCount == 1)
        #expect(report.octetCount == 2)
        #expect(report.profileExtension.readableBytes == 0)
        #expect(
            report.reports == [
                ReceptionReport(
                    ssrc: 0xbc5e_9a40, fractionLost: 0, totalLost: 0, extendedHighestSequenceNumber: 0x46e1,
                    jitter: 273, lastSenderReport: 0x09f3_6432, delaySinceLastSenderReport: 150_137)
            ])
    }

    @Test func senderReportWithProfileExtension() throws {
        // pion/rtcp issue 447's capture, length corrected to 13: RC=0 and 28
        // bytes after the sender info that are the profile extension.
        let bytes = hexBytes("""
            80 c8 00 0d  // V=2 RC=0, SR, length 13
            2b 7e c0 c5  // SSRC
            e0 20 a2 a9 52 a5 3f c0  // NTP timestamp
            2e 48 a5 52  // RTP timestamp
            00 00 00 46  // packet count 70
            00 00 12 1d  // octet count 4637
            81 ca 00 06 2b 7e c0 c5 01 10 4c 63 49 66  // profile extension ...
            7a 58 6f 6e 44 6f 72 64 53 65 57 36 00 00  // ... 28 bytes in all
            """)
        let report = try parseAndCompare(SenderReport.self, bytes)
        #expect(report.ssrc == 0x2b7e_c0c5)
        #expect(report.ntpTime == 0xe020_a2a9_52a5_3fc0)
        #expect(report.packetCount == 70)
        #expect(report.octetCount == 4637)
        #expect(report.reports.isEmpty)
        #expect(Array(report.profileExtension.readableBytesView) == Array(bytes[28...]))
    }

    @Test func receiverReportWithNegativeCumulativeLoss() throws {
        let bytes = hexBytes("""
            82 c9 00 0d  // V=2 RC=2, PT=201 RR, length 13
            00 00 00 2a  // SSRC of packet sender
            11 11 11 11  // block 1: SSRC
            40 ff ff ff  //   fraction lost 64/256, cumulative lost -1 (duplicates)
            00 01 ff fe  //   extended highest seq: 1 cycle, seq 65534
            00 00 00 10  //   jitter 16
            00 00 00 00  //   LSR: no SR yet
            00 00 00 00  //   DLSR
            22 22 22 22  // block 2: SSRC
            ff 80 00 00  //   fraction lost 255/256, cumulative lost -8388608
            00 00 00 05  //   extended highest seq 5
            ff ff ff ff  //   jitter
            12 34 56 78  //   LSR
            00 01 00 00  //   DLSR: one second
            """)
        let report = try parseAndCompare(ReceiverReport.self, bytes)
        #expect(report.ssrc == 42)
        #expect(report.reports.count == 2)
        #expect(report.reports[0].ssrc == 0x1111_1111)
        #expect(report.reports[0].fractionLost == 64)
        #expect(report.reports[0].totalLost == -1)
        #expect(report.reports[0].extendedHighestSequenceNumber == 0x0001_fffe)
        #expect(report.reports[0].jitter == 16)
        #expect(report.reports[1].fractionLost == 255)
        #expect(report.reports[1].totalLost == -8_388_608)
        #expect(report.reports[1].lastSenderReport == 0x1234_5678)
        #expect(report.reports[1].delaySinceLastSenderReport == 65536)
    }

    @Test func cumulativeLossIsClampedTo24Bits() {
        let report = ReceptionReport(ssrc: 1, totalLost: 10_000_000)
        var out = ByteBuffer()
        report.write(into: &out)
        #expect(Array(out.readableBytesView[4..<8]) == [0x00, 0x7f, 0xff, 0xff])
        out.clear()
        ReceptionReport(ssrc: 1, totalLost: -10_000_000).write(into: &out)
        #expect(Array(out.readableBytesView[4..<8]) == [0x00, 0x80, 0x00, 0x00])
    }

    /// A compound SR + SDES as a sender sends it every few seconds.
    @Test func compoundSenderReportAndSourceDescription() throws {
        let bytes = hexBytes("""
            80 c8 00 06  // SR, RC=0, length 6
            de ad be ef  // SSRC
            e8 4c 2c 00 80 00 00 00  // NTP: 0xe84c2c00.5
            00 01 e2 40  // RTP timestamp 123456
            00 00 03 e8  // packet count 1000
            00 0f 42 40  // octet count 1000000
            81 ca 00 05  // SDES, SC=1, length 5
            de ad be ef  // chunk: SSRC
            01 0b        // CNAME, 11 octets
            73 77 69 74 63 68 62 6f 61 72 64  // "switchboard"
            00 00 00     // END, then nulls to the 32-bit boundary
            """)
        var input = buffer(bytes)
        let compound = try RTCPCompoundPacket(parsing: &input)
        #expect(!compound.isReducedSize)
        #expect(compound.packets.count == 2)
        guard case .senderReport(let report) = compound.packets[0],
            case .sourceDescription(let description) = compound.packets[1]
        else {
            Issue.record("wrong packet types: \(compound.packets)")
            return
        }
        #expect(report.ssrc == 0xdead_beef)
        #expect(report.ntpTime == 0xe84c_2c00_8000_0000)
        #expect(report.rtpTime == 123_456)
        #expect(report.packetCount == 1000)
        #expect(report.octetCount == 1_000_000)
        #expect(description == SourceDescription(source: 0xdead_beef, cname: "switchboard"))
        #expect(description.chunks[0].items[0].text == "switchboard")
        #expect(serialize(compound) == bytes)
    }

    /// A packet dump kept in pion/rtcp's tests: RR, SDES, BYE, PLI, an RRR
    /// (PT 205 FMT 5, unknown here) and an APP.
    static let capturedCompound = hexBytes("""
        81 c9 00 07  // RR, RC=1, length 7
        90 2f 9e 2e  // SSRC of sender
        bc 5e 9a 40  // block: SSRC
        00 00 00 00  // fraction lost 0, cumulative 0
        00 00 46 e1  // extended highest seq
        00 00 01 11  // jitter 273
        09 f3 64 32  // LSR
        00 02 4a 79  // DLSR 150137
        81 ca 00 0c  // SDES, SC=1, length 12
        90 2f 9e 2e  // chunk: SSRC
        01 26        // CNAME, 38 octets
        7b 39 63 30 30 65 62 39 32 2d 31 61 66 62 2d 39 64 34 39  // "{9c00eb92-1afb-9d49"
        2d 61 34 37 64 2d 39 31 66 36 34 65 65 65 36 39 66 35 7d  // "-a47d-91f64eee69f5}"
        00 00 00 00  // END + padding
        81 cb 00 01  // BYE, SC=1, length 1
        90 2f 9e 2e  // source
        81 ce 00 02  // PSFB FMT=1 PLI, length 2
        90 2f 9e 2e  // sender SSRC
        90 2f 9e 2e  // media SSRC
        85 cd 00 02  // RTPFB FMT=5 (RRR, RFC 6051), length 2
        90 2f 9e 2e  // sender SSRC
        90 2f 9e 2e  // media SSRC
        80 cc 00 03  // APP, subtype 0, length 3
        4b aa e1 ab  // SSRC
        4e 41 4d 45  // name "NAME"
        41 42 43 44  // data "ABCD"
        """)

    @Test func capturedCompoundPacket() throws {
        let compound = try parseAndCompare(RTCPCompoundPacket.self, Self.capturedCompound)
        let expected: [RTCPPacket] = [
            .receiverReport(
                ReceiverReport(
                    ssrc: 0x902f_9e2e,
                    reports: [
                        ReceptionReport(
                            ssrc: 0xbc5e_9a40, extendedHighestSequenceNumber: 0x46e1, jitter: 273,
                            lastSenderReport: 0x09f3_6432, delaySinceLastSenderReport: 150_137)
                    ])),
            .sourceDescription(SourceDescription(source: 0x902f_9e2e, cname: "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}")),
            .goodbye(Goodbye(sources: [0x902f_9e2e])),
            .pictureLossIndication(PictureLossIndication(senderSSRC: 0x902f_9e2e, mediaSSRC: 0x902f_9e2e)),
            .unknown(
                packetType: .transportFeedback, count: 5,
                body: buffer([0x90, 0x2f, 0x9e, 0x2e, 0x90, 0x2f, 0x9e, 0x2e])),
            .applicationDefined(
                ApplicationDefined(subtype: 0, ssrc: 0x4baa_e1ab, name: 0x4e41_4d45, data: buffer(Array("ABCD".utf8)))),
        ]
        #expect(compound.packets == expected)
    }

    @Test func iteratorWalksTheCompoundWithoutParsing() throws {
        var iterator = RTCPPacketIterator(buffer(Self.capturedCompound))
        var seen: [(UInt8, UInt8, Range<Int>, Int)] = []
        while let element = try iterator.next() {
            seen.append((element.header.packetType.rawValue, element.header.count, element.bodyRange, element.offset))
        }
        #expect(seen.map(\.0) == [201, 202, 203, 206, 205, 204])
        #expect(seen.map(\.1) == [1, 1, 1, 1, 5, 0])
        #expect(seen.map(\.3) == [0, 32, 84, 92, 104, 116])
        #expect(seen.map(\.2) == [4..<32, 36..<84, 88..<92, 96..<104, 108..<116, 120..<132])
        #expect(try iterator.next() == nil)
    }

    @Test func sourceDescriptionWithSeveralChunksAndItems() throws {
        let bytes = hexBytes("""
            82 ca 00 05  // SDES, SC=2, length 5
            00 00 00 01  // chunk 1: SSRC 1
            01 01 61     //   CNAME "a"
            06 02 73 62  //   TOOL "sb"
            00           //   END, which ends the 12-byte chunk aligned
            00 00 00 02  // chunk 2: SSRC 2
            00 00 00 00  //   no items: END + 3 nulls
            """)
        let description = try parseAndCompare(SourceDescription.self, bytes)
        #expect(description.chunks.count == 2)
        #expect(description.chunks[0].source == 1)
        #expect(description.chunks[0].items.map(\.type) == [.cname, .tool])
        #expect(description.chunks[0].items.map(\.text) == ["a", "sb"])
        #expect(description.chunks[1] == SourceDescription.Chunk(source: 2, items: []))
    }

    @Test func goodbyeWithAndWithoutReason() throws {
        let withReason = hexBytes("""
            82 cb 00 04  // BYE, SC=2, length 4
            90 2f 9e 2e  // source 1
            01 02 03 04  // source 2
            04 64 6f 6e 65  // reason: 4 octets, "done"
            00 00 00     // nulls to the 32-bit boundary
            """)
        let goodbye = try parseAndCompare(Goodbye.self, withReason)
        #expect(goodbye.sources == [0x902f_9e2e, 0x0102_0304])
        #expect(goodbye.reasonText == "done")

        let aligned = hexBytes("""
            81 cb 00 02  // BYE, SC=1, length 2
            00 00 00 07  // source
            03 62 79 65  // reason: 3 octets, "bye", already aligned
            """)
        #expect(try parseAndCompare(Goodbye.self, aligned) == Goodbye(sources: [7], reason: "bye"))

        let noSources = hexBytes("80 cb 00 00  // BYE, SC=0, length 0")
        #expect(try parseAndCompare(Goodbye.self, noSources) == Goodbye(sources: []))
    }

    @Test func applicationDefinedKeepsItsData() throws {
        let bytes = hexBytes("""
            85 cc 00 04  // APP, subtype 5, length 4
            00 00 00 09  // SSRC
            71 77 65 72  // name "qwer"
            de ad be ef  // data ...
            01 02 03 04  // ... 8 bytes
            """)
        let app = try parseAndCompare(ApplicationDefined.self, bytes)
        #expect(app.subtype == 5)
        #expect(app.ssrc == 9)
        #expect(app.name == 0x7177_6572)
        #expect(Array(app.data.readableBytesView) == Array(bytes[12...]))
    }

    @Test func paddingIsStrippedFromTheBody() throws {
        // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
        let bytes = hexBytes("""
            a0 cc 00 03  // APP, P=1, subtype 0, length 3
            00 00 00 09  // SSRC
            71 77 65 72  // name "qwer"
            01 00 00 03  // data 0x01, then 3 octets of padding
            """)
        let app = try parse(ApplicationDefined.self, bytes)
        #expect(Array(app.data.readableBytesView) == [0x01])
        // Written back the same way: unaligned data gets the padding bit.
        #expect(serialize(app) == bytes)
    }
}
