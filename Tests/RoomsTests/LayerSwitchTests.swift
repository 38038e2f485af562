import MediaNegotiation
import NIOCore
import RTCP
import RTP
import SDP
import TestSupport
import Testing

@testable import Rooms

/// Simulcast layer choice end to end in a room on a manual clock: a
/// subscriber's REMB limits it, the room switches to the layer that fits
/// at that layer's keyframe (requested), pauses when nothing fits and
/// resumes when the link recovers; across every switch the subscriber's
/// sequence numbers, timestamps and VP8 picture IDs stay continuous.
@Suite struct LayerSwitchTests {
    final class Simulation {
        let room = Room(name: "r", maxParticipants: 10)
        let alice = Member("alice"), bob = Member("bob")
        var publisher: SimulcastPublisherSimulator
        let video: PublishedTrack
        var now = NIODeadline.uptimeNanoseconds(10_000_000_000)
        var nextTick = NIODeadline.uptimeNanoseconds(10_000_000_000)

        init() throws {
            _ = try room.join(alice.participant)
            _ = try room.join(bob.participant)
            _ = try room.publish(
                alice.participant, offer: RoomFixtures.offer("chromium-simulcast"), transport: RoomFixtures.transport,
                preferences: CodecPreferences())
            try room.applyAnswer(
                bob.participant, answer: SubscribeClient().answer(SessionDescription(parsing: bob.link.offers[0].sdp)),
                now: now)
            video = try #require(room.publishedTracks.first { $0.kind == .video })
            publisher = SimulcastPublisherSimulator(
                rids: video.media.rids, payloadType: video.media.codecs[0].payloadType,
                midID: try #require(video.media.extensions[HeaderExtensionURI.mid]),
                ridID: try #require(video.media.extensions[HeaderExtensionURI.rid]), mid: video.mid)
        }

        var subscription: Subscription { bob.participant.subscriptions[video.id]! }

        /// Runs `seconds` of frames (33 ms apart) and room ticks (50 ms).
        func run(seconds: Double) {
            let end = now + .milliseconds(Int64(seconds * 1000))
            while now < end {
                publisher.receive(alice.link.rtcpToPublisher)
                alice.link.rtcpToPublisher.removeAll()
                for packet in publisher.frame() {
                    room.handlePublisherRTP(from: alice.participant, packet: packet, now: now)
                }
                now = now + .microseconds(33_333)
                while nextTick <= now {
                    room.tick(now: nextTick)
                    nextTick = nextTick + .milliseconds(50)
                }
            }
        }

        func remb(_ bitrate: UInt64) {
            var buffer = ByteBuffer()
            ReceiverEstimatedMaximumBitrate(senderSSRC: 9, bitrate: bitrate, ssrcs: [subscription.ssrc!]).write(into: &buffer)
            room.handleSubscriberRTCP(from: bob.participant, packet: buffer, now: now)
        }

        var events: [RoomEvent] {
            bob.link.messages.filter {
                switch $0 {
                case .trackPaused, .trackResumed: true
                default: false
                }
            }
        }
    }

    @Test func switchesDownOnTheLayersKeyframePausesAndComesBackContinuously() throws {
        let simulation = try Simulation()
        let layers = simulation.video.media.rids
        // No feedback yet: the lowest layer.
        simulation.run(seconds: 1)
        #expect(simulation.subscription.currentLayer == layers[0])
        // A REMB of 5 Mbit/s: the full layer.
        simulation.remb(5_000_000)
        simulation.run(seconds: 2)
        #expect(simulation.subscription.currentLayer == layers[2])

        // A REMB of 300 kbit/s (taken with 25 % slack: a receive-side
        // estimate trails what it gets) fits the lowest layer (~150 kbit/s)
        // but not the middle one (~500 kbit/s).
        simulation.remb(300_000)
        simulation.run(seconds: 2)
        #expect(simulation.subscription.currentLayer == layers[0])
        #expect(simulation.video.keyframeRequestsSent >= 2, "PLIs for the full layer, then the lowest")
        #expect(simulation.alice.link.messages.contains(.layersWanted(track: simulation.video.id, rids: [layers[0]])))

        // 60 kbit/s: nothing fits (no temporal layers to drop): paused.
        simulation.remb(60_000)
        simulation.run(seconds: 1)
        #expect(simulation.subscription.isPaused)
        #expect(simulation.events == [.trackPaused(track: simulation.video.id)])
        let mediaSSRC = try #require(simulation.subscription.ssrc)
        func mediaCount() throws -> Int {
            try simulation.bob.link.rtpToSubscriber.filter { try RTPPacket(parsing: $0).ssrc == mediaSSRC }.count
        }
        let pausedCount = try mediaCount()
        simulation.run(seconds: 1)
        #expect(try mediaCount() == pausedCount, "nothing is forwarded while paused")

        // The link recovers: resumed on the full layer.
        simulation.remb(5_000_000)
        simulation.run(seconds: 2)
        #expect(!simulation.subscription.isPaused)
        #expect(simulation.subscription.currentLayer == layers[2])
        #expect(simulation.events == [.trackPaused(track: simulation.video.id), .trackResumed(track: simulation.video.id)])

        // Continuity over every switch: +1 sequence numbers, timestamps
        // never going back, picture IDs +0 (same frame) or +1.
        // Padding probes go on the RTX SSRC; the media stream is checked.
        let packets = try simulation.bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0) }.filter {
            $0.ssrc == mediaSSRC
        }
        #expect(packets.count > 200)
        for (previous, next) in zip(packets, packets.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            #expect(RTPTimestamp.distance(from: previous.timestamp, to: next.timestamp) >= 0)
            let before = try VP8PayloadDescriptor(parsing: previous.payload).pictureID!
            let after = try VP8PayloadDescriptor(parsing: next.payload).pictureID!
            #expect([0, 1].contains((after &- before) & 0x7FFF))
        }
        #expect(Set(packets.map(\.ssrc)).count == 1)
    }

    @Test func reportedLossTakesAREMBOnlySubscriberDown() throws {
        let simulation = try Simulation()
        simulation.remb(5_000_000)
        simulation.run(seconds: 2.5)
        #expect(simulation.subscription.currentLayer == simulation.video.media.rids[2])
        // The REMB stays high (delay-based) but the receiver reports 30 % loss.
        var rr = ByteBuffer()
        ReceiverReport(
            ssrc: 9,
            reports: [
                ReceptionReport(
                    ssrc: simulation.subscription.ssrc!, fractionLost: 77, totalLost: 100,
                    extendedHighestSequenceNumber: 0, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
            ]
        ).write(into: &rr)
        simulation.room.handleSubscriberRTCP(from: simulation.bob.participant, packet: rr, now: simulation.now)
        simulation.run(seconds: 1)
        #expect(simulation.subscription.currentLayer == simulation.video.media.rids[1])
    }

    @Test func askedQualityCapsTheLayer() throws {
        let simulation = try Simulation()
        simulation.remb(5_000_000)
        simulation.run(seconds: 1.5)
        try simulation.room.setTrackSettings(
            simulation.bob.participant, TrackPreference(track: simulation.video.id, ceiling: .second), now: simulation.now)
        simulation.run(seconds: 1.5)
        #expect(simulation.subscription.currentLayer == simulation.video.media.rids[1])
        #expect(throws: RoomError.unknownTrack("TR_nope")) {
            try simulation.room.setTrackSettings(
                simulation.bob.participant, TrackPreference(track: "TR_nope", ceiling: .lowest), now: simulation.now)
        }
        // Off: nothing goes out.
        try simulation.room.setTrackSettings(
            simulation.bob.participant, TrackPreference(track: simulation.video.id, enabled: false), now: simulation.now)
        let count = simulation.bob.link.rtpToSubscriber.count
        simulation.run(seconds: 0.5)
        #expect(simulation.bob.link.rtpToSubscriber.count == count)
    }
}
