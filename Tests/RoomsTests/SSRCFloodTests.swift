import MediaNegotiation
import NIOCore
import RTP
import Testing

@testable import Rooms

/// A publisher that sends thousands of new SSRCs, each carrying its track's
/// MID: one SSRC per layer is kept, each new one replacing the last, so the
/// room's tables and receive state stay the size of an honest publisher's.
extension RTCPLoopTests {
    @Test func aNewSSRCFloodWithAKnownMIDIsBoundedPerLayer() throws {
        let (room, alice, bob, video) = try room()
        let midID = try #require(video.media.extensions[HeaderExtensionURI.mid])
        let payloadType = video.media.codecs[0].payloadType
        let rtxPayloadType = try #require(video.media.codecs[0].rtxPayloadType)
        var now = start
        for index in UInt32(0)..<2_000 {
            let ssrc = 0x5000_0000 + index
            room.handlePublisherRTP(
                from: alice.participant,
                packet: RoomFixtures.vp8Packet(
                    ssrc: ssrc, sequence: UInt16(truncatingIfNeeded: index), payloadType: payloadType,
                    keyframe: index % 50 == 0, midID: midID, mid: video.mid),
                now: now)
            // Repairs with fresh SSRCs too (padding-only RTX).
            room.handlePublisherRTP(
                from: alice.participant,
                packet: RoomFixtures.vp8Packet(
                    ssrc: 0x6000_0000 + index, sequence: UInt16(truncatingIfNeeded: index), payloadType: rtxPayloadType,
                    keyframe: false, midID: midID, mid: video.mid),
                now: now)
            now = now + .milliseconds(1)
        }
        // Audio's declared SSRC and one video SSRC; one RTX SSRC per track at most.
        #expect(video.inbound.count == 1)
        #expect(video.ssrcsByRID.count == 1)
        #expect(alice.participant.tracksBySSRC.count <= 2)
        #expect(alice.participant.repairsBySSRC.count <= 2)
        #expect(room.counters.ssrcsReplaced >= 3_000)
        // The latest SSRC is the one forwarded: the subscriber still gets video.
        let forwarded = bob.link.rtpToSubscriber.count
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(
                ssrc: 0x5000_0000 + 1_999, sequence: 2_000, payloadType: payloadType, keyframe: false, midID: midID,
                mid: video.mid),
            now: now)
        #expect(bob.link.rtpToSubscriber.count > forwarded)
    }
}
