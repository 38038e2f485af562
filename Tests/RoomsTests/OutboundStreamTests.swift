import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams
import TestSupport
import Testing

@testable import Rooms

/// `OutboundStream` on its own: NACKs answered from its history (as RTX,
/// within the budget, never for packets not sent yet), and the RTT of an
/// RR naming one of its SRs.
@Suite struct OutboundStreamTests {
    typealias F = ForwardingFixtures

    static func videoStream() -> OutboundStream {
        OutboundStream(
            published: PublishedMedia(
                mid: "1", kind: .video, codecs: F.publisherVideoCodecs, extensions: F.publisherExtensions),
            subscribed: SubscribedMedia(
                mid: "v7", kind: .video, codecs: F.subscriberVideoCodecs, extensions: F.subscriberExtensions,
                ssrc: F.outgoingSSRC, rtxSSRC: F.outgoingSSRC + 1))
    }

    /// The publisher stream whose history holds the packets `send` writes.
    static func source() -> [UInt32: InboundStream] {
        [
            F.publisherSSRC: InboundStream(
                ssrc: F.publisherSSRC, rid: "", clockRate: 90_000, usesNACK: true,
                history: RetransmissionHistoryLimits())
        ]
    }

    /// Writes publisher packets 100... (the first a keyframe), each stored
    /// in `sources` first as the room does; returns the outgoing sequence
    /// numbers.
    static func send(
        _ count: Int, on stream: inout OutboundStream, sources: inout [UInt32: InboundStream], clock: ManualClock
    ) -> [UInt16] {
        var numbers: [UInt16] = []
        for index in 0..<count {
            var out = ByteBuffer()
            let packet = F.vp8Packet(
                sequenceNumber: UInt16(100 + index), timestamp: 3000, keyframe: index == 0, pictureID: 1)
            let stored = sources[packet.ssrc]?.packets?.store(packet.buffer, now: clock.now)
            if case .forwarded(let number, _) = stream.write(
                packet, stored: stored, into: &out, absSendTime: 0, now: clock.now)
            {
                numbers.append(number)
            }
        }
        return numbers
    }

    @Test func answersANACKFromItsHistoryAsRTX() throws {
        var clock = ManualClock()
        var stream = Self.videoStream()
        var sources = Self.source()
        let numbers = Self.send(3, on: &stream, sources: &sources, clock: clock)
        try #require(numbers.count == 3)
        clock.advance(.milliseconds(20))
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [numbers[1]], sources: sources, rtt: .milliseconds(40), budget: &budget, allowance: 1_000_000,
            now: clock.now)

        #expect(answer.asked == 1)
        #expect(answer.repairs.count == 1)
        #expect(!answer.needsKeyframe)
        #expect(answer.pastHistory == 0)
        let repair = try RTPPacket(parsing: try #require(answer.repairs.first))
        #expect(repair.ssrc == F.outgoingSSRC + 1)
        #expect(repair.payloadType == 124)
        // RFC 4588 §4: the original sequence number opens the payload.
        let payload = try #require(repair.header.payload(in: repair.buffer))
        #expect(payload.getInteger(at: payload.readerIndex, as: UInt16.self) == numbers[1])
        #expect(stream.nacksReceived == 1)
        #expect(stream.retransmissionsSent == 1)
    }

    @Test func refusesOverBudgetAndIgnoresPacketsNotSentYet() throws {
        let clock = ManualClock()
        var stream = Self.videoStream()
        var sources = Self.source()
        let numbers = Self.send(2, on: &stream, sources: &sources, clock: clock)
        let last = try #require(numbers.last)
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [numbers[0], last &+ 5], sources: sources, rtt: .milliseconds(40), budget: &budget, allowance: 0,
            now: clock.now)

        #expect(answer.asked == 2)
        #expect(answer.repairs.isEmpty)
        #expect(answer.overBudget == 1)
        #expect(answer.unsent == 1)
        #expect(!answer.needsKeyframe)
    }

    @Test func packetGoneFromTheHistoryNeedsAKeyframe() throws {
        var clock = ManualClock()
        var stream = Self.videoStream()
        var sources = Self.source()
        let numbers = Self.send(2, on: &stream, sources: &sources, clock: clock)
        clock.advance(OutboundStream.retransmissionMaxAge + .milliseconds(1))
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [numbers[0]], sources: sources, rtt: .milliseconds(40), budget: &budget, allowance: 1_000_000,
            now: clock.now)

        #expect(answer.needsKeyframe)
        #expect(answer.pastHistory == 1)
        #expect(stream.retransmissionMisses == 1)
    }

    @Test func roundTripTimeFromAReceiverReportNamingItsSenderReport() throws {
        var clock = ManualClock()
        var stream = Self.videoStream()
        var sources = Self.source()
        let source = InboundStream(ssrc: F.publisherSSRC, rid: "", clockRate: 90_000, usesNACK: false)
        source.onSenderReport(
            SenderReport(
                ssrc: F.publisherSSRC, ntpTime: 0xE000_1234_5678_0000, rtpTime: 3000, packetCount: 1, octetCount: 1),
            now: clock.now)
        let early = stream.senderReport(source: source, now: clock.now)
        #expect(early == nil, "nothing forwarded yet")
        _ = Self.send(1, on: &stream, sources: &sources, clock: clock)
        let sent = stream.senderReport(source: source, now: clock.now)
        let report = try #require(sent)
        #expect(report.ssrc == F.outgoingSSRC)
        #expect(report.packetCount == 1)

        // Received 100 ms after it went, held 0.5 s (DLSR 1/65536 s units).
        clock.advance(.milliseconds(600))
        let block = ReceptionReport(
            ssrc: F.outgoingSSRC, fractionLost: 64, jitter: 7,
            lastSenderReport: UInt32(truncatingIfNeeded: report.ntpTime >> 16), delaySinceLastSenderReport: 32_768)
        let rtt = stream.onReceptionReport(block, now: clock.now)

        #expect(rtt == .milliseconds(100))
        #expect(stream.roundTripTime == .milliseconds(100))
        #expect(stream.fractionLost == 64)
        #expect(stream.jitter == 7)
    }

    @Test func receiverReportNamingAnUnknownSenderReportGivesNoRoundTripTime() {
        var stream = Self.videoStream()
        let block = ReceptionReport(ssrc: F.outgoingSSRC, fractionLost: 3, lastSenderReport: 0x1234_5678)
        let rtt = stream.onReceptionReport(block, now: ManualClock().now)
        #expect(rtt == nil)
        #expect(stream.fractionLost == 3)
        #expect(stream.roundTripTime == nil)
    }
}
