import NIOCore
import RTCP
import TestSupport
import Testing

/// Feedback messages: generic NACK and PLI (RFC 4585), FIR (RFC 5104),
/// REMB (draft-alvestrand-rmcat-remb), and reduced-size RTCP (RFC 5506).
@Suite struct RFC4585TestVectors {
    @Test func genericNACKWithLostPacketBitmask() throws {
        let bytes = hexBytes("""
            81 cd 00 04  // V=2 FMT=1 generic NACK, PT=205 RTPFB, length 4
            00 00 00 01  // SSRC of packet sender
            12 34 56 78  // SSRC of media source
            03 e8 80 05  // PID 1000, BLP 1000 0000 0000 0101: 1001, 1003, 1016 lost too
            ff ff 00 01  // PID 65535, BLP bit 0: 0 lost too (wraps)
            """)
        let nack = try parseAndCompare(TransportLayerNACK.self, bytes)
        #expect(nack.senderSSRC == 1)
        #expect(nack.mediaSSRC == 0x1234_5678)
        #expect(
            nack.pairs == [
                TransportLayerNACK.Pair(packetID: 1000, lostPackets: 0x8005),
                TransportLayerNACK.Pair(packetID: 65535, lostPackets: 0x0001),
            ])
        #expect(nack.lostSequenceNumbers == [1000, 1001, 1003, 1016, 65535, 0])
        #expect(TransportLayerNACK(senderSSRC: 1, mediaSSRC: 0x1234_5678, lostSequenceNumbers: nack.lostSequenceNumbers) == nack)
    }

    @Test func pictureLossIndication() throws {
        let bytes = hexBytes("""
            81 ce 00 02  // V=2 FMT=1 PLI, PT=206 PSFB, length 2
            00 00 00 01  // SSRC of packet sender
            4b c7 e6 1a  // SSRC of media source
            """)
        #expect(try parseAndCompare(PictureLossIndication.self, bytes) == PictureLossIndication(senderSSRC: 1, mediaSSRC: 0x4bc7_e61a))
    }

    @Test func fullIntraRequestRFC5104() throws {
        let bytes = hexBytes("""
            84 ce 00 06  // V=2 FMT=4 FIR, PT=206 PSFB, length 6
            00 00 00 01  // SSRC of packet sender
            00 00 00 00  // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
            4b c7 e6 1a  // entry 1: SSRC
            2a 00 00 00  //   command seq nr 42, reserved
            00 00 00 07  // entry 2: SSRC
            ff 00 00 00  //   command seq nr 255, reserved
            """)
        let fir = try parseAndCompare(FullIntraRequest.self, bytes)
        #expect(fir.senderSSRC == 1)
        #expect(fir.mediaSSRC == 0)
        #expect(fir.entries == [.init(ssrc: 0x4bc7_e61a, sequenceNumber: 42), .init(ssrc: 7, sequenceNumber: 255)])
    }

    /// Chrome's REMB while receiving a 6 Mb/s stream, as kept in pion/rtcp.
    static let chromeREMB = hexBytes("""
        8f ce 00 05  // V=2 FMT=15 AFB, PT=206 PSFB, length 5
        00 00 00 01  // SSRC of packet sender
        00 00 00 00  // SSRC of media source, 0
        52 45 4d 42  // "REMB"
        01           // 1 SSRC
        1a 20 df     // exponent 6 (0x1a >> 2), mantissa 0x220df = 139487
        48 74 ed 16  // SSRC 1215622422
        """)

    @Test func receiverEstimatedMaximumBitrateFromChrome() throws {
        let remb = try parseAndCompare(ReceiverEstimatedMaximumBitrate.self, Self.chromeREMB)
        #expect(remb.senderSSRC == 1)
        #expect(remb.mediaSSRC == 0)
        #expect(remb.exponent == 6)
        #expect(remb.mantissa == 139_487)
        #expect(remb.bitrate == 8_927_168)
        #expect(remb.ssrcs == [1_215_622_422])
        // The bitrate encodes back to the same exponent and mantissa.
        #expect(serialize(ReceiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 8_927_168, ssrcs: [1_215_622_422])) == Self.chromeREMB)
    }

    /// What Chrome sends on a receive-only connection: an empty RR (RC=0) and a REMB.
    @Test func receiverReportAndREMBCompound() throws {
        let bytes = hexBytes("""
            80 c9 00 01  // RR, RC=0, length 1
            00 00 00 01  // SSRC of packet sender
            """) + Self.chromeREMB
        let compound = try parseAndCompare(RTCPCompoundPacket.self, bytes)
        #expect(!compound.isReducedSize)
        #expect(compound.packets.count == 2)
        #expect(compound.packets[0] == .receiverReport(ReceiverReport(ssrc: 1)))
        guard case .receiverEstimatedMaximumBitrate(let remb) = compound.packets[1] else {
            Issue.record("second packet is \(compound.packets[1])")
            return
        }
        #expect(remb.bitrate == 8_927_168)
    }

    /// RFC 5506: a datagram holding only feedback is reduced-size RTCP.
    @Test func reducedSizeFeedbackOnly() throws {
        let bytes = hexBytes("""
            81 ce 00 02  // PLI, length 2
            00 00 00 01  // sender SSRC
            00 00 00 02  // media SSRC
            81 cd 00 03  // generic NACK, length 3
            00 00 00 01  // sender SSRC
            00 00 00 02  // media SSRC
            00 10 00 00  // PID 16, no BLP
            """)
        let compound = try parseAndCompare(RTCPCompoundPacket.self, bytes)
        #expect(compound.isReducedSize)
        #expect(
            compound.packets == [
                .pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: 2)),
                .transportLayerNACK(TransportLayerNACK(senderSSRC: 1, mediaSSRC: 2, pairs: [.init(packetID: 16)])),
            ])
        var single = buffer(Array(bytes[..<12]))
        #expect(try RTCPCompoundPacket(parsing: &single).packets.count == 1)
    }

    @Test func applicationLayerFeedbackThatIsNotREMBStaysRaw() throws {
        let bytes = hexBytes("""
            8f ce 00 03  // PSFB FMT=15 AFB, length 3
            00 00 00 01  // sender SSRC
            00 00 00 00  // media SSRC
            41 42 43 44  // "ABCD": some other application's feedback
            """)
        let packet = try parseAndCompare(RTCPPacket.self, bytes)
        #expect(packet == .unknown(packetType: .payloadFeedback, count: 15, body: buffer(Array(bytes[4...]))))
        expectError(ReceiverEstimatedMaximumBitrate.self, bytes, .lengthMismatch(at: 0))
        var longer = bytes + [0, 0, 0, 0]
        longer[3] = 4
        expectError(ReceiverEstimatedMaximumBitrate.self, longer, .badREMBIdentifier)
    }
}
