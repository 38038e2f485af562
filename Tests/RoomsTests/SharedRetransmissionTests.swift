import MediaNegotiation
import NIOCore
import RTP
import RTPStreams
import SDP
import TestSupport
import Testing

@testable import Rooms

/// Retransmissions written again from the publisher stream's shared
/// history: the same bytes the down track sent the first time, and a
/// keyframe request when the shared history let the packet go.
@Suite struct SharedRetransmissionTests {
    typealias F = ForwardingFixtures

    static func stream(rtx: Bool) -> OutboundStream {
        let codecs = rtx
            ? F.subscriberVideoCodecs
            : [MediaCodec(codec: Codec(payloadType: 120, name: "VP8", clockRate: 90_000))]
        return OutboundStream(
            published: PublishedMedia(
                mid: "1", kind: .video, codecs: F.publisherVideoCodecs, extensions: F.publisherExtensions),
            subscribed: SubscribedMedia(
                mid: "v7", kind: .video, codecs: codecs, extensions: F.subscriberExtensions,
                ssrc: F.outgoingSSRC, rtxSSRC: rtx ? F.outgoingSSRC + 1 : nil))
    }

    static func sources(maxPackets: Int = 2_048) -> [UInt32: InboundStream] {
        [
            F.publisherSSRC: InboundStream(
                ssrc: F.publisherSSRC, rid: "", clockRate: 90_000, usesNACK: true,
                history: RetransmissionHistoryLimits(maxPackets: maxPackets))
        ]
    }

    /// Sends VP8 packets with picture IDs and TL0PICIDX (rewritten per
    /// down track); returns each outgoing number with the bytes sent.
    static func send(
        _ count: Int, on stream: inout OutboundStream, sources: inout [UInt32: InboundStream], clock: ManualClock
    ) -> [(number: UInt16, bytes: ByteBuffer)] {
        var sent: [(UInt16, ByteBuffer)] = []
        for index in 0..<count {
            var out = ByteBuffer()
            let packet = F.vp8Packet(
                sequenceNumber: UInt16(500 + index), timestamp: UInt32(3000 + index / 2 * 3000),
                keyframe: index == 0, pictureID: UInt16(7 + index / 2), tl0PictureIndex: UInt8(index / 2))
            let stored = sources[packet.ssrc]?.packets?.store(packet.buffer, now: clock.now)
            if case .forwarded(let number, _) = stream.write(
                packet, stored: stored, into: &out, absSendTime: UInt32(0x1234 + index), now: clock.now)
            {
                sent.append((number, out))
            }
        }
        return sent
    }

    @Test func aRetransmissionIsThePacketAsFirstSent() throws {
        var clock = ManualClock()
        var stream = Self.stream(rtx: false)
        var sources = Self.sources()
        let sent = Self.send(6, on: &stream, sources: &sources, clock: clock)
        try #require(sent.count == 6)
        clock.advance(.milliseconds(20))
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [sent[3].number, sent[5].number], sources: sources, rtt: .milliseconds(40), budget: &budget,
            allowance: 1_000_000, now: clock.now)

        #expect(answer.repairs.count == 2)
        #expect(answer.repairs.first == sent[3].bytes)
        #expect(answer.repairs.last == sent[5].bytes)
    }

    @Test func anRTXRepairCarriesThePacketAsFirstSent() throws {
        var clock = ManualClock()
        var stream = Self.stream(rtx: true)
        var sources = Self.sources()
        let sent = Self.send(4, on: &stream, sources: &sources, clock: clock)
        clock.advance(.milliseconds(20))
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [sent[2].number], sources: sources, rtt: .milliseconds(40), budget: &budget, allowance: 1_000_000,
            now: clock.now)

        let repair = try RTPPacket(parsing: try #require(answer.repairs.first))
        let original = try RTPPacket(parsing: sent[2].bytes)
        #expect(repair.ssrc == F.outgoingSSRC + 1)
        #expect(repair.timestamp == original.timestamp)
        var payload = try #require(repair.header.payload(in: repair.buffer))
        #expect(payload.readInteger(as: UInt16.self) == sent[2].number)
        #expect(payload == original.header.payload(in: original.buffer))
    }

    @Test func aPacketTheSharedHistoryLetGoNeedsAKeyframe() throws {
        var clock = ManualClock()
        var stream = Self.stream(rtx: true)
        var sources = Self.sources(maxPackets: 2)
        let sent = Self.send(4, on: &stream, sources: &sources, clock: clock)
        clock.advance(.milliseconds(20))
        var budget = RetransmissionBudget()

        let answer = stream.answerNACK(
            [sent[0].number, sent[3].number], sources: sources, rtt: .milliseconds(40), budget: &budget,
            allowance: 1_000_000, now: clock.now)

        #expect(answer.repairs.count == 1, "the last packet is still held")
        #expect(answer.needsKeyframe)
        #expect(answer.pastHistory == 1)
        #expect(stream.retransmissionMisses == 1)
    }

    @Test func aDownTrackHoldsNoPacketBytes() {
        // What each subscriber's video track keeps per packet sent.
        #expect(MemoryLayout<SentPacketMap.Entry>.stride <= 64)
    }
}
