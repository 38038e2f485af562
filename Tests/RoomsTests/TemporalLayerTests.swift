import MediaNegotiation
import NIOCore
import RTP
import SDP
import TestSupport
import Testing

@testable import Rooms

/// VP8 temporal-layer dropping (the fallback when not even the lowest
/// simulcast layer fits): frames above the limit are left out of the
/// numbering, so the subscriber sees consecutive sequence numbers and
/// picture IDs; and a
/// publisher's RTX copy of a packet it already delivered is not sent twice.
@Suite struct TemporalLayerTests {
    @Test func framesAboveTheTemporalLimitAreLeftOutWithoutAGap() throws {
        let (room, alice, bob, video) = try RTCPLoopTests().room()
        let subscription = try #require(bob.participant.subscriptions[video.id])
        subscription.maxTemporalLayer = 0
        let start = NIODeadline.uptimeNanoseconds(5_000_000_000)
        for sequence in UInt16(1)...9 {
            // TID alternates 0, 1, 0, 1, ...; TL0PICIDX counts the TID 0 frames.
            let temporal: UInt8 = sequence % 2 == 1 ? 0 : 1
            var payload = ByteBuffer()
            VP8PayloadDescriptor(
                isStartOfPartition: true, pictureID: sequence, hasLongPictureID: true,
                tl0PictureIndex: UInt8((sequence + 1) / 2), temporalLayerIndex: temporal
            ).write(into: &payload)
            payload.writeInteger(UInt8(sequence == 1 ? 0x10 : 0x11))
            payload.writeRepeatingByte(0x21, count: 50)
            let packet = try RTPPacketFields(
                marker: true, payloadType: video.media.codecs[0].payloadType, sequenceNumber: sequence,
                timestamp: UInt32(sequence) * 3000, ssrc: video.media.ssrc!, payload: payload
            ).encoded()
            room.handlePublisherRTP(from: alice.participant, packet: packet, now: start + .milliseconds(Int64(sequence) * 33))
        }
        let out = try bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0) }
        #expect(out.count == 5)
        for (previous, next) in zip(out, out.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            let before = try VP8PayloadDescriptor(parsing: previous.payload).pictureID!
            let after = try VP8PayloadDescriptor(parsing: next.payload).pictureID!
            #expect(after == (before &+ 1) & 0x7FFF, "picture IDs without the dropped frames' gaps")
        }
        #expect(try out.allSatisfy { try VP8PayloadDescriptor(parsing: $0.payload).temporalLayerIndex == 0 })
    }

    @Test func anRTXCopyOfADeliveredPacketIsDropped() throws {
        let (room, alice, bob, video) = try RTCPLoopTests().room()
        let start = NIODeadline.uptimeNanoseconds(5_000_000_000)
        for sequence in UInt16(1)...5 {
            room.handlePublisherRTP(
                from: alice.participant,
                packet: RoomFixtures.vp8Packet(
                    ssrc: video.media.ssrc!, sequence: sequence, payloadType: video.media.codecs[0].payloadType,
                    keyframe: sequence == 1),
                now: start)
        }
        let original = try RTPPacket(
            parsing: RoomFixtures.vp8Packet(
                ssrc: video.media.ssrc!, sequence: 3, payloadType: video.media.codecs[0].payloadType, keyframe: false))
        var payload = ByteBuffer()
        payload.writeInteger(UInt16(3))
        payload.writeImmutableBuffer(original.payload)
        let rtx = try RTPPacketFields(
            payloadType: video.media.codecs[0].rtxPayloadType!, sequenceNumber: 1, timestamp: original.timestamp,
            ssrc: video.media.rtxSSRC!, payload: payload
        ).encoded()
        room.handlePublisherRTP(from: alice.participant, packet: rtx, now: start + .milliseconds(40))
        #expect(bob.link.rtpToSubscriber.count == 5)
        #expect(room.counters.packetsRecovered == 0)
    }
}
