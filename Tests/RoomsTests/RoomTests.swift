import MediaNegotiation
import NIOCore
import RTCP
import RTP
import Rooms
import SDP
import TestSupport
import Testing

/// A room end to end without sockets: joining, publishing real browser
/// offers, the subscribe offer/answer cycle (never two offers in flight),
/// forwarding with per-subscriber rewriting, keyframe requests, simulcast,
/// leaving.
@Suite struct RoomTests {
    let now = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func publishingOffersTheTracksToOthersOneOfferAtATime() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob"), carol = Member("carol")
        _ = try room.join(alice.participant)
        room.startSubscriptions(of: alice.participant)
        let others = try room.join(bob.participant)
        room.startSubscriptions(of: bob.participant)
        #expect(others.map(\.participant.name) == ["alice"])
        #expect(alice.link.messages.contains(.participantJoined(bob.participant.snapshot)))
        #expect(bob.link.offers.isEmpty, "nothing to forward yet, so no offer")

        let (answer, tracks) = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        #expect(answer.isICELite)
        #expect(tracks.map(\.kind) == [.audio, .video])
        #expect(bob.link.messages.contains(.tracks(participant: alice.participant.id, tracks: alice.participant.trackSnapshots)))
        #expect(bob.link.offers.count == 1)
        #expect(Set(bob.link.offers[0].tracks.map(\.id)) == Set(tracks.map(\.id)))
        #expect(alice.link.offers.isEmpty, "a participant never receives its own tracks")

        // Carol joins and publishes while Bob's offer is unanswered: Bob gets
        // no second offer until he answers.
        _ = try room.join(carol.participant)
        room.startSubscriptions(of: carol.participant)
        _ = try room.publish(
            carol.participant, offer: RoomFixtures.offer("aiortc-audio-video"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        #expect(bob.link.offers.count == 1)
        try room.applyAnswer(
            bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)),
            now: now)
        #expect(bob.link.offers.count == 2)
        #expect(bob.link.offers[1].tracks.count == 4)
        #expect(throws: RoomError.self) {
            try room.applyAnswer(bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)), now: now)
            try room.applyAnswer(bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)), now: now)
        }
    }

    @Test func forwardsRewrittenPacketsAndAsksForKeyframes() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob")
        _ = try room.join(alice.participant)
        _ = try room.join(bob.participant)
        _ = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        let offer = try SessionDescription(parsing: bob.link.offers[0].sdp)
        try room.applyAnswer(bob.participant, answer: SubscribeClient().answer(offer), now: now)
        // Not before Bob can decrypt it: a keyframe now would be lost.
        #expect(alice.link.rtcpToPublisher.isEmpty)
        // Bob's transport is up: his video asks Alice for a keyframe.
        room.subscriberConnected(bob.participant, now: now)
        #expect(alice.link.rtcpToPublisher.count == 1)

        let video = try #require(room.publishedTracks.first { $0.kind == .video })
        let ssrc = try #require(video.media.ssrc)
        let payloadType = try #require(video.media.codecs.first?.payloadType)
        // A delta frame before any keyframe is held back; the keyframe goes.
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(ssrc: ssrc, sequence: 10, payloadType: payloadType, keyframe: false), now: now)
        #expect(bob.link.rtpToSubscriber.isEmpty)
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(ssrc: ssrc, sequence: 11, payloadType: payloadType, keyframe: true), now: now)
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(ssrc: ssrc, sequence: 12, payloadType: payloadType, keyframe: false), now: now)
        #expect(bob.link.rtpToSubscriber.count == 2)
        let videoLine = try #require(offer.media.first { $0.media == "video" && $0.port != 0 })
        let offeredSSRC = try #require(videoLine.ssrcAttributes.first?.ssrc)
        let offeredPT = try #require(videoLine.codecs.first { $0.name == "VP8" }?.payloadType)
        let first = try RTPPacket(parsing: bob.link.rtpToSubscriber[0])
        let second = try RTPPacket(parsing: bob.link.rtpToSubscriber[1])
        #expect(first.ssrc == offeredSSRC, "the subscriber's own SSRC, as its offer announced")
        #expect(first.payloadType == offeredPT)
        #expect(second.sequenceNumber == first.sequenceNumber &+ 1)

        // A PLI from Bob for that SSRC reaches Alice, throttled.
        var pli = ByteBuffer()
        PictureLossIndication(senderSSRC: 9, mediaSSRC: offeredSSRC).write(into: &pli)
        let before = alice.link.rtcpToPublisher.count
        room.handleSubscriberRTCP(from: bob.participant, packet: pli, now: now + .seconds(2))
        #expect(alice.link.rtcpToPublisher.count == before + 1)
        room.handleSubscriberRTCP(from: bob.participant, packet: pli, now: now + .seconds(2) + .milliseconds(10))
        #expect(alice.link.rtcpToPublisher.count == before + 1, "merged into the hold-off")
    }

    @Test func simulcastForwardsOneLayerStartingWithTheLowest() throws {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob")
        _ = try room.join(alice.participant)
        _ = try room.join(bob.participant)
        _ = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-simulcast"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        try room.applyAnswer(
            bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)),
            now: now)
        let video = try #require(room.publishedTracks.first { $0.kind == .video })
        #expect(video.media.rids.count == 3)
        let midID = try #require(video.media.extensions[HeaderExtensionURI.mid])
        let ridID = try #require(video.media.extensions[HeaderExtensionURI.rid])
        let payloadType = try #require(video.media.codecs.first?.payloadType)
        for (index, rid) in video.media.rids.enumerated() {
            room.handlePublisherRTP(
                from: alice.participant,
                packet: RoomFixtures.vp8Packet(
                    ssrc: 1_000 + UInt32(index), sequence: 1, payloadType: payloadType, keyframe: true, midID: midID,
                    mid: video.mid, ridID: ridID, rid: rid),
                now: now)
        }
        #expect(bob.link.rtpToSubscriber.count == 1)
        // Layer rates unknown yet: the lowest layer first (padding probes climb).
        // Later packets are routed by the SSRC learnt from the extensions.
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(ssrc: 1_002, sequence: 2, payloadType: payloadType, keyframe: false),
            now: now)
        #expect(bob.link.rtpToSubscriber.count == 1)
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(ssrc: 1_000, sequence: 2, payloadType: payloadType, keyframe: false),
            now: now)
        #expect(bob.link.rtpToSubscriber.count == 2)
    }

    @Test func leavingRemovesTracksEverywhereAndFreesTheRoom() throws {
        let room = Room(name: "r", maxParticipants: 2)
        let alice = Member("alice"), bob = Member("bob"), carol = Member("carol")
        _ = try room.join(alice.participant)
        _ = try room.join(bob.participant)
        #expect(throws: RoomError.full(maxParticipants: 2)) { _ = try room.join(carol.participant) }
        _ = try room.publish(
            alice.participant, offer: RoomFixtures.offer("chromium-publish"), transport: RoomFixtures.transport,
            preferences: CodecPreferences())
        try room.applyAnswer(
            bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)),
            now: now)
        #expect(bob.participant.subscriptionCount == 2)

        room.leave(alice.participant)
        #expect(bob.link.messages.contains(.participantLeft(alice.participant.snapshot)))
        #expect(bob.participant.subscriptionCount == 0)
        #expect(bob.link.offers.count == 2)
        #expect(bob.link.offers[1].tracks.isEmpty, "the renegotiation lists no track")
        #expect(room.publishedTracks.isEmpty)
        room.leave(bob.participant)
        #expect(room.isEmpty)
        _ = try room.join(carol.participant)
    }
}
