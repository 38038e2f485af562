import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams
import SDP
import TestSupport
import Testing

@testable import Rooms

/// Congestion feedback both ways, and the active speaker: TWCC feedback
/// to a publisher that negotiated transport-cc; a subscriber's TWCC
/// feedback turning into its bandwidth estimate; the loudest publisher
/// announced by `active-speaker`.
@Suite struct CongestionFeedbackTests {
    let start = NIODeadline.uptimeNanoseconds(20_000_000_000)

    func packet(
        ssrc: UInt32, payloadType: UInt8, sequence: UInt16, elements: [RTPHeaderExtensionElement], keyframe: Bool = false
    ) -> ByteBuffer {
        var payload = ByteBuffer()
        VP8PayloadDescriptor(isStartOfPartition: true, pictureID: sequence & 0x7FFF).write(into: &payload)
        payload.writeInteger(UInt8(keyframe ? 0x10 : 0x11))
        payload.writeRepeatingByte(0x33, count: 900)
        return try! RTPPacketFields(
            marker: true, payloadType: payloadType, sequenceNumber: sequence, timestamp: UInt32(sequence) * 3000,
            ssrc: ssrc, headerExtension: .elements(elements), payload: payload
        ).encoded()
    }

    @Test func publisherGetsTransportWideFeedbackAndSubscriberFeedbackSetsItsEstimate() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob")
        _ = try room.join(alice.participant)
        _ = try room.join(bob.participant)
        _ = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        let offer = try SessionDescription(parsing: bob.link.offers[0].sdp)
        try room.applyAnswer(bob.participant, answer: SubscribeClient().answer(offer), now: start)
        let video = try #require(room.publishedTracks.first { $0.kind == .video })
        let twccID = try #require(video.media.extensions[HeaderExtensionURI.transportWideCC])

        // 50 packets at 20 ms, transport-wide numbers 1000..., one lost.
        var now = start
        for index in 0..<50 where index != 20 {
            let number = UInt16(1000 + index)
            let twcc = RTPHeaderExtensionElement(id: twccID, value: [UInt8(number >> 8), UInt8(number & 0xFF)])
            room.handlePublisherRTP(
                from: alice.participant,
                packet: packet(
                    ssrc: video.media.ssrc!, payloadType: video.media.codecs[0].payloadType, sequence: UInt16(index),
                    elements: [twcc], keyframe: index == 0),
                now: now)
            now = now + .milliseconds(20)
        }
        room.tick(now: now)
        let feedback = RTCPLoopTests.rtcpPackets(alice.link.rtcpToPublisher).compactMap {
            if case .transportLayerCC(let packet) = $0 { packet } else { nil }
        }
        #expect(feedback.count == 1)
        #expect(feedback.first?.baseSequenceNumber == 1000)
        #expect(feedback.first?.packetStatusCount == 50)
        var received = 0
        try feedback.first?.forEachPacketResult { if $0.arrivalTime != nil { received += 1 } }
        #expect(received == 49)

        // Bob reports the arrival of what he got (his transport-wide numbers) 5 ms apart.
        let videoLine = try #require(offer.media.first { $0.media == "video" })
        let bobTWCC = try #require(videoLine.extensionMaps.first { $0.uri == HeaderExtensionURI.transportWideCC }?.id)
        var recorder = TWCCRecorder(senderSSRC: 9, mediaSSRC: 1)
        var arrival = start
        for buffer in bob.link.rtpToSubscriber {
            let forwarded = try RTPPacket(parsing: buffer)
            let number = try #require(try forwarded.extensionValue(TransportSequenceNumberExtension.self, id: UInt8(bobTWCC)))
            recorder.onPacket(transportSequenceNumber: number.sequenceNumber, arrival: arrival)
            arrival = arrival + .milliseconds(20)
        }
        #expect(room.stats(now: now).participants.first { $0.id == bob.participant.id }?.bandwidthEstimate == nil)
        for packet in recorder.feedback(now: arrival) {
            var buffer = ByteBuffer()
            packet.write(into: &buffer)
            room.handleSubscriberRTCP(from: bob.participant, packet: buffer, now: now + .milliseconds(30))
        }
        let estimate = try #require(room.stats(now: now).participants.first { $0.id == bob.participant.id }?.bandwidthEstimate)
        #expect(estimate >= 30_000)
    }

    @Test func theLoudestPublisherIsAnnouncedAsActiveSpeaker() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob"), carol = Member("carol")
        for member in [alice, bob, carol] { _ = try room.join(member.participant) }
        for member in [alice, bob] {
            _ = try room.publish(
                member.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
                preferences: CodecPreferences())
        }
        func speak(_ member: Member, level: UInt8, sequence: UInt16, at now: NIODeadline) throws {
            let audio = try #require(member.participant.tracks.first { $0.kind == .audio })
            let id = try #require(audio.media.extensions[HeaderExtensionURI.audioLevel])
            let packet = try RTPPacketFields(
                payloadType: audio.media.codecs[0].payloadType, sequenceNumber: sequence, timestamp: UInt32(sequence) * 960,
                ssrc: audio.media.ssrc!, headerExtension: .elements([RTPHeaderExtensionElement(id: id, value: [level])]),
                payload: ByteBuffer(bytes: [0xF8, 0xFF, 0xFE])
            ).encoded()
            room.handlePublisherRTP(from: member.participant, packet: packet, now: now)
        }
        func speakers() -> [[String]] {
            carol.link.messages.compactMap { if case .activeSpeaker(let ids) = $0 { ids } else { nil } }
        }
        var now = start
        // Two seconds: Alice speaks (-20 dBov), Bob is silent; then the reverse.
        for (loud, quiet) in [(alice, bob), (bob, alice)] {
            for step in 0..<100 {
                try speak(loud, level: 20, sequence: UInt16(step), at: now)
                try speak(quiet, level: 127, sequence: UInt16(step), at: now)
                now = now + .milliseconds(20)
                if step % 5 == 0 { room.tick(now: now) }
            }
        }
        #expect(speakers().first == [alice.participant.id])
        #expect(speakers().last == [bob.participant.id])
        #expect(speakers().count <= 4, "no flapping: \(speakers())")
        #expect(alice.link.messages.contains(.activeSpeaker(participants: [bob.participant.id])))
    }
}
