import NIOCore
import RTCP
import RTPStreams
import Testing

@testable import Rooms

/// RTCP a hostile peer controls: how many streams it announces, and the
/// LSR/DLSR it echoes. The room must not trap on either.
extension RTCPLoopTests {
    /// 300 inbound video streams: receiver reports split into RRs of at
    /// most 31 blocks, and the REMB names the first 255 SSRCs (its count
    /// field is 8 bits; writing more trapped before).
    @Test func aPublisherWithThreeHundredStreamsGetsSplitReportsAndACutREMB() throws {
        let (room, alice, _, video) = try room()
        for ssrc in UInt32(10_000)..<10_300 {
            video.inbound[ssrc] = InboundStream(ssrc: ssrc, rid: "", clockRate: 90_000, usesNACK: false)
        }
        alice.participant.publisherConnection.remb = REMBGenerator(senderSSRC: Room.serverSSRC)
        room.sendPublisherReports(to: alice.participant, now: start)

        let packets = Self.rtcpPackets(alice.link.rtcpToPublisher)
        let reports = packets.compactMap { packet -> ReceiverReport? in
            if case .receiverReport(let rr) = packet { rr } else { nil }
        }
        #expect(reports.allSatisfy { $0.reports.count <= 31 })
        #expect(reports.reduce(0) { $0 + $1.reports.count } == video.inbound.count)
        let remb = try #require(
            packets.compactMap { packet -> ReceiverEstimatedMaximumBitrate? in
                if case .receiverEstimatedMaximumBitrate(let remb) = packet { remb } else { nil }
            }.first)
        #expect(remb.ssrcs.count == 255)
    }

    /// A receiver report echoing our SR with DLSR at its maximum (18 hours)
    /// or zero long after: the RTT would be negative or huge; it is ignored,
    /// and the one measured before stays.
    @Test func extremeDLSRLeavesTheRoundTripTimeAlone() throws {
        let (room, alice, bob, video) = try room()
        var now = start
        for sequence in UInt16(1)...10 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
            now = now + .milliseconds(10)
        }
        var sr = ByteBuffer()
        SenderReport(ssrc: video.media.ssrc!, ntpTime: 1 << 40, rtpTime: 3_000, packetCount: 10, octetCount: 1000)
            .write(into: &sr)
        room.handlePublisherRTCP(from: alice.participant, packet: sr, now: now)
        room.tick(now: now)
        let report = try #require(
            Self.rtcpPackets(bob.link.rtcpToSubscriber).compactMap { packet -> SenderReport? in
                if case .senderReport(let report) = packet { report } else { nil }
            }.first)
        let lsr = UInt32(truncatingIfNeeded: report.ntpTime >> 16)

        func echo(dlsr: UInt32, after delay: TimeAmount) {
            var rr = ByteBuffer()
            ReceiverReport(
                ssrc: 9,
                reports: [
                    ReceptionReport(
                        ssrc: report.ssrc, fractionLost: 0, totalLost: 0, extendedHighestSequenceNumber: 0, jitter: 0,
                        lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
                ]
            ).write(into: &rr)
            room.handleSubscriberRTCP(from: bob.participant, packet: rr, now: now + delay)
        }
        echo(dlsr: 0, after: .milliseconds(20))
        echo(dlsr: .max, after: .milliseconds(30))
        echo(dlsr: 0, after: .seconds(100_000_000))
        echo(dlsr: .max, after: .seconds(70_000))
        let rtt = try #require(bob.participant.subscriberConnection.roundTripTime)
        #expect(rtt == .milliseconds(20))
    }
}
