import MediaNegotiation
import NIOCore
import RTP
import RTPStreams
import TestSupport
import Testing

@testable import Rooms

/// `SubscriberConnection.send`, the one way RTP reaches a subscriber:
/// forwarded media, RTX repairs and padding probes share one run of
/// transport-wide sequence numbers, and each is counted where it belongs.
@Suite struct SubscriberConnectionTests {
    typealias F = ForwardingFixtures
    /// The subscriber's transport-wide-cc id in the fixtures.
    static let twccID: UInt8 = 5

    static func transportSequenceNumber(_ buffer: ByteBuffer) throws -> UInt16? {
        try RTPPacket(parsing: buffer).extensionValue(TransportSequenceNumberExtension.self, id: twccID)?.sequenceNumber
    }

    @Test func stampsConsecutiveNumbersAcrossForwardRepairAndPadding() throws {
        var clock = ManualClock()
        var stream = OutboundStreamTests.videoStream()
        var connection = SubscriberConnection()
        let link = RecordingLink()
        #expect(stream.transportWideCCID == Self.twccID)

        var media = ByteBuffer()
        let packet = F.vp8Packet(sequenceNumber: 100, timestamp: 3000, keyframe: true, pictureID: 1)
        let sources = OutboundStreamTests.source()
        let stored = sources[packet.ssrc]?.packets?.store(packet.buffer, now: clock.now)
        guard
            case .forwarded(let number, _) = stream.write(
                packet, stored: stored, into: &media, absSendTime: 0, now: clock.now)
        else {
            Issue.record("keyframe not forwarded")
            return
        }
        let mediaSize = media.readableBytes
        let mediaSent = connection.send(&media, .video, transportWideCCID: Self.twccID, on: link, now: clock.now)
        #expect(mediaSent)

        clock.advance(.milliseconds(50))
        var budget = RetransmissionBudget()
        let answer = stream.answerNACK(
            [number], sources: sources, rtt: .milliseconds(40), budget: &budget, allowance: 1_000_000, now: clock.now)
        var repair = try #require(answer.repairs.first)
        let repairSent = connection.send(&repair, .repair, transportWideCCID: Self.twccID, on: link, now: clock.now)
        #expect(repairSent)

        #expect(stream.canCarryPadding)
        let built = stream.paddingPacket(absSendTime: 0)
        var padding = try #require(built)
        let paddingSize = padding.readableBytes
        let paddingSent = connection.send(&padding, .padding, transportWideCCID: Self.twccID, on: link, now: clock.now)
        #expect(paddingSent)

        let numbers = try link.rtpToSubscriber.map(Self.transportSequenceNumber)
        #expect(numbers == [0, 1, 2])
        #expect(connection.transportSequenceNumber == 3)
        #expect(connection.paddingBytesSent == UInt64(paddingSize))
        #expect(mediaSize > 0)
    }

    /// The forward path stamps at the rewriter's known offset, without a
    /// parse; the bytes are those the parsing path writes.
    @Test func stampsAtTheRewritersOffsetAsTheParseWould() throws {
        let clock = ManualClock()
        var stream = OutboundStreamTests.videoStream()
        let packet = F.vp8Packet(sequenceNumber: 100, timestamp: 3000, keyframe: true, pictureID: 1)
        var fast = ByteBuffer()
        _ = stream.write(packet, into: &fast, absSendTime: 12_345, now: clock.now)
        var parsed = fast
        var viaOffset = SubscriberConnection()
        var viaParse = SubscriberConnection()
        let offset = try #require(stream.transportSequenceOffset)
        // Number 0 goes to a first packet each, so the compared ones carry 1
        // (the rewriter's placeholder is 0).
        var first = fast
        _ = viaOffset.send(&first, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now)
        first = fast
        _ = viaParse.send(&first, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now)
        _ = viaOffset.send(
            &fast, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now,
            transportSequenceOffset: offset)
        _ = viaParse.send(&parsed, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now)
        #expect(fast.getInteger(at: fast.readerIndex + offset, as: UInt16.self) == 1)
        #expect(Array(fast.readableBytesView) == Array(parsed.readableBytesView))
        #expect(viaOffset.transportSequenceNumber == 2 && viaParse.transportSequenceNumber == 2)
        // An offset that does not point at the element falls back to the parse.
        var wrong = ByteBuffer()
        _ = stream.write(packet, into: &wrong, absSendTime: 12_345, now: clock.now)
        var fallback = SubscriberConnection()
        first = wrong
        _ = fallback.send(&first, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now)
        _ = fallback.send(
            &wrong, .video, transportWideCCID: Self.twccID, on: RecordingLink(), now: clock.now,
            transportSequenceOffset: offset + 1)
        #expect(wrong.getInteger(at: wrong.readerIndex + offset, as: UInt16.self) == 1)
    }

    @Test func leavesThePacketUnnumberedWithoutTransportWideCC() throws {
        let clock = ManualClock()
        var connection = SubscriberConnection()
        let link = RecordingLink()
        var rewriter = F.audio(subscriberExtensions: HeaderExtensionIDs([HeaderExtensionURI.mid: 9]))
        var out = ByteBuffer()
        let packet = F.packet(
            sequenceNumber: 1, timestamp: 960, payloadType: 111, payload: ByteBuffer(bytes: [1, 2, 3]))
        _ = rewriter.rewrite(packet, into: &out, transportSequenceNumber: 0, absSendTime: nil, now: clock.now)

        let sent = connection.send(&out, .audio, transportWideCCID: 0, on: link, now: clock.now)
        #expect(sent)

        #expect(connection.transportSequenceNumber == 0)
        #expect(link.rtpToSubscriber.count == 1)
    }

    @Test func reportsTheLinkRefusingAPacket() {
        let clock = ManualClock()
        var connection = SubscriberConnection()
        let link = RecordingLink()
        link.subscriberConnected = false
        var packet = ByteBuffer(bytes: [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA])
        let sent = connection.send(&packet, .video, transportWideCCID: 0, on: link, now: clock.now)
        #expect(!sent)
    }

    @Test func smoothsRoundTripTimesSevenEighthsOld() {
        var connection = SubscriberConnection()
        connection.onRoundTripTime(.milliseconds(80))
        connection.onRoundTripTime(.milliseconds(160))
        #expect(connection.roundTripTime == .milliseconds(90))
        #expect(connection.retransmissionInterval == .milliseconds(90))
    }
}
