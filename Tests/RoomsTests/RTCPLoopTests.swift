import MediaNegotiation
import NIOCore
import RTCP
import RTP
import SDP
import TestSupport
import Testing

@testable import Rooms

/// The RTCP loop of a room, packet by packet on a manual clock: NACKs to
/// the publisher and the recovered packet forwarded in order; the
/// subscriber's NACKs answered with RTX from the history, or with a
/// keyframe request when the packet is gone; receiver reports to the
/// publisher; sender reports to the subscriber in its timestamp space,
/// and RTT from its receiver reports.
@Suite struct RTCPLoopTests {
    let start = NIODeadline.uptimeNanoseconds(5_000_000_000)

    /// Alice publishes the Chromium offer (audio + VP8 with RTX), Bob
    /// subscribes and answers accepting RTX.
    func room() throws -> (Room, Member, Member, PublishedTrack) {
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
        return (room, alice, bob, video)
    }

    func send(_ room: Room, _ alice: Member, _ video: PublishedTrack, sequence: UInt16, keyframe: Bool, at now: NIODeadline) {
        room.handlePublisherRTP(
            from: alice.participant,
            packet: RoomFixtures.vp8Packet(
                ssrc: video.media.ssrc!, sequence: sequence, payloadType: video.media.codecs[0].payloadType,
                keyframe: keyframe),
            now: now)
    }

    static func rtcpPackets(_ buffers: [ByteBuffer]) -> [RTCPPacket] {
        buffers.flatMap { buffer -> [RTCPPacket] in
            var iterator = RTCPPacketIterator(buffer)
            var packets: [RTCPPacket] = []
            while let element = try? iterator.next() {
                if let packet = try? iterator.packet(element) { packets.append(packet) }
            }
            return packets
        }
    }

    @Test func aLostPublisherPacketIsNACKedAndTheRetransmissionForwardedInOrder() throws {
        let (room, alice, bob, video) = try room()
        let rtxSSRC = try #require(video.media.rtxSSRC)
        let rtxPayloadType = try #require(video.media.codecs[0].rtxPayloadType)
        var now = start
        for sequence in UInt16(100)...120 where sequence != 110 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 100, at: now)
            now = now + .milliseconds(10)
        }
        room.tick(now: now)
        let nacks = Self.rtcpPackets(alice.link.rtcpToPublisher).compactMap {
            if case .transportLayerNACK(let nack) = $0 { nack } else { nil }
        }
        #expect(nacks.count == 1)
        #expect(nacks.first?.lostSequenceNumbers == [110])
        #expect(nacks.first?.mediaSSRC == video.media.ssrc)
        #expect(room.counters.nacksSent == 1)

        // The publisher answers with RTX (RFC 4588): OSN first, then the payload.
        let original = try RTPPacket(
            parsing: RoomFixtures.vp8Packet(
                ssrc: video.media.ssrc!, sequence: 110, payloadType: video.media.codecs[0].payloadType, keyframe: false))
        var payload = ByteBuffer()
        payload.writeInteger(UInt16(110))
        payload.writeImmutableBuffer(original.payload)
        let rtx = try RTPPacketFields(
            marker: true, payloadType: rtxPayloadType, sequenceNumber: 7, timestamp: original.timestamp, ssrc: rtxSSRC,
            payload: payload
        ).encoded()
        let sentBefore = bob.link.rtpToSubscriber.count
        room.handlePublisherRTP(from: alice.participant, packet: rtx, now: now + .milliseconds(30))
        #expect(room.counters.packetsRecovered == 1)
        #expect(bob.link.rtpToSubscriber.count == sentBefore + 1)
        let outgoing = try bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0) }
        let recovered = try #require(outgoing.last)
        let first = outgoing[0]
        // 100 maps to the first outgoing number, so 110 maps 10 after it: the gap is filled in place.
        #expect(recovered.sequenceNumber == first.sequenceNumber &+ 10)
        #expect(recovered.ssrc == first.ssrc)
        #expect(recovered.payload.readableBytesView.elementsEqual(original.payload.readableBytesView))
        // Nothing more to ask for.
        alice.link.rtcpToPublisher.removeAll()
        room.tick(now: now + .milliseconds(300))
        #expect(!Self.rtcpPackets(alice.link.rtcpToPublisher).contains { if case .transportLayerNACK = $0 { true } else { false } })
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func seededLossIsRecoveredWithinBoundedRetries(seed: UInt64) throws {
        let (room, alice, bob, video) = try room()
        var random = SeededRandom(seed: seed)
        var now = start
        var lost: Set<UInt16> = []
        // 300 packets at 10 ms with 5 % loss on the first attempt; NACKed
        // packets come back one tick later unless lost again (5 %).
        for sequence in UInt16(1)...300 {
            if sequence > 1, Double.random(in: 0..<1, using: &random) < 0.05 {
                lost.insert(sequence)
            } else {
                send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
            }
            now = now + .milliseconds(10)
            if sequence % 5 == 0 {
                room.tick(now: now)
                for packet in Self.rtcpPackets(alice.link.rtcpToPublisher) {
                    guard case .transportLayerNACK(let nack) = packet else { continue }
                    for missing in nack.lostSequenceNumbers where lost.contains(missing) {
                        guard Double.random(in: 0..<1, using: &random) >= 0.05 else { continue }
                        lost.remove(missing)
                        send(room, alice, video, sequence: missing, keyframe: false, at: now)
                    }
                }
                alice.link.rtcpToPublisher.removeAll()
            }
        }
        for _ in 0..<20 {
            now = now + .milliseconds(50)
            room.tick(now: now)
            for packet in Self.rtcpPackets(alice.link.rtcpToPublisher) {
                guard case .transportLayerNACK(let nack) = packet else { continue }
                for missing in nack.lostSequenceNumbers where lost.remove(missing) != nil {
                    send(room, alice, video, sequence: missing, keyframe: false, at: now)
                }
            }
            alice.link.rtcpToPublisher.removeAll()
        }
        #expect(lost.isEmpty, "every loss was NACKed until recovered")
        #expect(room.counters.packetsRecovered > 5)
        // Bob got all 300, each in the slot its publisher number calls for
        // (on the media SSRC: start-up probing pads on the RTX one).
        let packets = try bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0) }
        let numbers = packets.filter { $0.ssrc == packets[0].ssrc }.map(\.sequenceNumber)
        #expect(Set(numbers).count == 300)
        let base = numbers[0]
        #expect(Set(numbers.map { $0 &- base }) == Set((0..<300).map { UInt16($0) }))
    }

    @Test func subscriberNACKsAreAnsweredWithRTXOrAKeyframeRequest() throws {
        let (room, alice, bob, video) = try room()
        var now = start
        for sequence in UInt16(1)...20 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
            now = now + .milliseconds(10)
        }
        let offer = try SessionDescription(parsing: bob.link.offers[0].sdp)
        let line = try #require(offer.media.first { $0.media == "video" })
        let group = try #require(line.ssrcGroups(.fid).first)
        let (mediaSSRC, rtxSSRC) = (group.ssrcs[0], group.ssrcs[1])
        let rtxType = try #require(line.codecs.first { $0.isRTX }?.payloadType)
        let sent = try bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0) }
        let wanted = sent[5]

        var nack = ByteBuffer()
        TransportLayerNACK(senderSSRC: 9, mediaSSRC: mediaSSRC, lostSequenceNumbers: [wanted.sequenceNumber]).write(
            into: &nack)
        room.handleSubscriberRTCP(from: bob.participant, packet: nack, now: now)
        let repair = try RTPPacket(parsing: try #require(bob.link.rtpToSubscriber.last))
        #expect(repair.ssrc == rtxSSRC)
        #expect(repair.payloadType == rtxType)
        #expect(repair.payload.getInteger(at: repair.payload.readerIndex, as: UInt16.self) == wanted.sequenceNumber)
        #expect(repair.payload.readableBytes == wanted.payload.readableBytes + 2)
        #expect(room.counters.retransmissionsSent == 1)

        // A packet never sent (too old) is answered by a keyframe request.
        let requestsBefore = video.keyframeRequestsSent
        var old = ByteBuffer()
        TransportLayerNACK(senderSSRC: 9, mediaSSRC: mediaSSRC, lostSequenceNumbers: [sent[0].sequenceNumber &- 3000])
            .write(into: &old)
        room.handleSubscriberRTCP(from: bob.participant, packet: old, now: now + .seconds(1))
        #expect(video.keyframeRequestsSent == requestsBefore + 1)
        #expect(Self.rtcpPackets(alice.link.rtcpToPublisher).contains {
            if case .pictureLossIndication(let pli) = $0 { pli.mediaSSRC == video.media.ssrc } else { false }
        })
    }

    @Test func aSubscriberNACKForAPublisherLossWaitsForTheRecovery() throws {
        let (room, alice, bob, video) = try room()
        let now = start
        for sequence in UInt16(1)...20 where sequence != 15 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
        }
        let first = try RTPPacket(parsing: bob.link.rtpToSubscriber[0])
        let line = try #require(try SessionDescription(parsing: bob.link.offers[0].sdp).media.first { $0.media == "video" })
        let mediaSSRC = try #require(line.ssrcGroups(.fid).first?.ssrcs.first)
        let requestsBefore = video.keyframeRequestsSent
        var nack = ByteBuffer()
        TransportLayerNACK(senderSSRC: 9, mediaSSRC: mediaSSRC, lostSequenceNumbers: [first.sequenceNumber &+ 14])
            .write(into: &nack)
        room.handleSubscriberRTCP(from: bob.participant, packet: nack, now: now + .seconds(1))
        #expect(video.keyframeRequestsSent == requestsBefore, "never sent: no keyframe request")
        #expect(room.counters.retransmissionsSent == 0)
        // The publisher's retransmission then fills the subscriber's gap.
        send(room, alice, video, sequence: 15, keyframe: false, at: now + .seconds(1))
        let last = try RTPPacket(parsing: try #require(bob.link.rtpToSubscriber.last))
        #expect(last.sequenceNumber == first.sequenceNumber &+ 14)
    }

    @Test func reportsCarryLossToThePublisherAndRewrittenTimeToTheSubscriber() throws {
        let (room, alice, bob, video) = try room()
        var now = start
        for sequence in UInt16(1)...40 where sequence % 10 != 5 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
            now = now + .milliseconds(10)
        }
        // The publisher's SR: NTP 1000.5 s maps to RTP time 3000 x 40.
        let ntp: UInt64 = 1000 << 32 | 1 << 31
        var sr = ByteBuffer()
        SenderReport(ssrc: video.media.ssrc!, ntpTime: ntp, rtpTime: 120_000, packetCount: 40, octetCount: 4000).write(
            into: &sr)
        room.handlePublisherRTCP(from: alice.participant, packet: sr, now: now)
        room.tick(now: now)

        let blocks: [ReceptionReport] = Self.rtcpPackets(alice.link.rtcpToPublisher).flatMap { packet -> [ReceptionReport] in
            if case .receiverReport(let rr) = packet { rr.reports } else { [] }
        }
        let block = try #require(blocks.first { $0.ssrc == video.media.ssrc })
        #expect(block.totalLost == 4)
        #expect(block.lastSenderReport == UInt32(truncatingIfNeeded: ntp >> 16))

        let reports = Self.rtcpPackets(bob.link.rtcpToSubscriber).compactMap {
            if case .senderReport(let report) = $0 { report } else { nil }
        }
        let report = try #require(reports.first)
        let first = try RTPPacket(parsing: bob.link.rtpToSubscriber[0])
        #expect(report.ssrc == first.ssrc)
        #expect(report.ntpTime == ntp, "sent at once: no time to carry forward")
        // Publisher timestamp 3000 (packet 1) became first.timestamp, so 120000 is 117000 later.
        #expect(report.rtpTime == first.timestamp &+ 117_000)
        #expect(report.packetCount == 36)

        // Bob's RR echoes that SR 40 ms later after holding it 10 ms: RTT 30 ms.
        var rr = ByteBuffer()
        ReceiverReport(
            ssrc: 9,
            reports: [
                ReceptionReport(
                    ssrc: report.ssrc, fractionLost: 64, totalLost: 3, extendedHighestSequenceNumber: 0, jitter: 12,
                    lastSenderReport: UInt32(truncatingIfNeeded: report.ntpTime >> 16),
                    delaySinceLastSenderReport: 65_536 / 100)
            ]
        ).write(into: &rr)
        room.handleSubscriberRTCP(from: bob.participant, packet: rr, now: now + .milliseconds(40))
        let stats = room.stats(now: now)
        let bobStats = try #require(stats.participants.first { $0.id == bob.participant.id })
        let rtt = try #require(bobStats.roundTripTimeMilliseconds)
        #expect(abs(rtt - 30) < 0.5)
        #expect(bobStats.subscriptions.first { $0.kind == "video" }?.fractionLost == 0.25)
    }
}
