import NIOCore
import RTCP
import RTP
import RTPStreams
import SDP
import Testing

@testable import Rooms

/// A hostile subscriber that NACKs everything it was sent, many times a
/// second, in datagrams packed with NACK packets: the retransmissions it
/// gets stay within its bandwidth estimate (libwebrtc's budget), no packet
/// is sent again more than the per-packet bound, and NACKs for packets
/// never sent are counted, not answered.
extension RTCPLoopTests {
    @Test func aNACKStormCostsNoMoreThanTheSubscribersEstimate() throws {
        let (room, alice, bob, video) = try room()
        var now = start
        for sequence in UInt16(1)...340 {
            send(room, alice, video, sequence: sequence, keyframe: sequence == 1, at: now)
            now = now + .milliseconds(3)
        }
        let line = try #require(try SessionDescription(parsing: bob.link.offers[0].sdp).media.first { $0.media == "video" })
        let mediaSSRC = try #require(line.ssrcGroups(.fid).first?.ssrcs.first)
        let sent = try bob.link.rtpToSubscriber.map { try RTPPacket(parsing: $0).sequenceNumber }
        let streamBytes = bob.link.rtpToSubscriber.reduce(0) { $0 + $1.readableBytes }
        let before = bob.link.rtpToSubscriber.count

        // Two seconds of 20 NACK datagrams a second, each naming every packet
        // sent (in 57-number NACK packets) and 100 never sent.
        let storm = (0..<2_000).map { sent.last! &+ 1 &+ UInt16($0) }
        let seconds = 2
        for _ in 0..<(20 * seconds) {
            var datagram = ByteBuffer()
            for chunk in stride(from: 0, to: sent.count, by: 57) {
                let numbers = Array(sent[chunk..<min(chunk + 57, sent.count)])
                TransportLayerNACK(senderSSRC: 9, mediaSSRC: mediaSSRC, lostSequenceNumbers: numbers).write(into: &datagram)
            }
            TransportLayerNACK(senderSSRC: 9, mediaSSRC: mediaSSRC, lostSequenceNumbers: Array(storm.prefix(100)))
                .write(into: &datagram)
            room.handleSubscriberRTCP(from: bob.participant, packet: datagram, now: now)
            now = now + .milliseconds(50)
        }
        let repairs = bob.link.rtpToSubscriber[before...]
        let repairBytes = repairs.reduce(0) { $0 + $1.readableBytes }
        // The estimate (no feedback yet: the start rate) for the storm plus one second of burst.
        let estimateBytes = Int(bob.participant.subscriberConnection.bandwidth.estimate / 8) * (seconds + 1)
        #expect(repairBytes <= estimateBytes, "\(repairBytes) bytes of repairs against a budget of \(estimateBytes)")
        #expect(repairBytes < streamBytes * 3, "\(repairBytes) bytes of repairs for a \(streamBytes)-byte stream")
        #expect(room.counters.retransmissionsOverBudget > 0)
        #expect(room.counters.nacksForUnsentPackets >= 100)
        // Each packet at most the per-packet bound.
        var counts: [UInt16: Int] = [:]
        for repair in repairs {
            let packet = try RTPPacket(parsing: repair)
            if let original = packet.payload.getInteger(at: packet.payload.readerIndex, as: UInt16.self) {
                counts[original, default: 0] += 1
            }
        }
        #expect((counts.values.max() ?? 0) <= Int(RetransmissionBuffer.maxRetransmissionsPerPacket))
    }
}
