import MediaNegotiation
import NIOCore
import RTP
import Testing
import TestSupport

@testable import Rooms

@Suite struct DownTrackRewriterPropertyTests {
    typealias F = ForwardingFixtures

    /// One publisher packet of a generated source stream.
    struct Generated {
        var sequenceNumber: UInt16
        var timestamp: UInt32
        var keyframe: Bool
        var padding: Bool
        var pictureID: UInt16
    }

    /// A source's packets in send order: frames of 1-4 packets, 3000 ticks
    /// apart, a keyframe first and now and then, some padding packets.
    static func source(count: Int, using random: inout SeededRandom) -> [Generated] {
        var packets: [Generated] = []
        var sequenceNumber = UInt16.random(in: .min ... .max, using: &random)
        var timestamp = UInt32.random(in: .min ... .max, using: &random)
        var pictureID = UInt16.random(in: 0...0x7FFF, using: &random)
        while packets.count < count {
            let keyframe = packets.isEmpty || Int.random(in: 0..<30, using: &random) == 0
            for index in 0..<Int.random(in: 1...4, using: &random) {
                packets.append(
                    Generated(
                        sequenceNumber: sequenceNumber, timestamp: timestamp, keyframe: keyframe && index == 0,
                        padding: false, pictureID: pictureID))
                sequenceNumber &+= 1
            }
            if Int.random(in: 0..<20, using: &random) == 0 {
                packets.append(
                    Generated(sequenceNumber: sequenceNumber, timestamp: timestamp, keyframe: false, padding: true, pictureID: 0))
                sequenceNumber &+= 1
            }
            timestamp &+= 3000
            pictureID = (pictureID + 1) & 0x7FFF
        }
        return packets
    }

    /// Losses (about 5%) and reordering by less than 100 positions; the
    /// source's first packet (its keyframe) is kept first.
    static func impair(_ packets: [Generated], using random: inout SeededRandom) -> [Generated] {
        let kept = packets.enumerated().filter { $0.offset == 0 || Int.random(in: 0..<20, using: &random) != 0 }
        let keyed = kept.map { (key: $0.offset == 0 ? -1 : $0.offset + Int.random(in: 0..<100, using: &random), packet: $0.element) }
        return keyed.sorted { $0.key < $1.key }.map(\.packet)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func lossyReorderedStreamWithSwitches(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var track = F.video(initialSequenceNumber: UInt16.random(in: .min ... .max, using: &random))
        var outgoing = SequenceNumberUnwrapper()
        var seen = Set<Int64>()
        var highestOut: Int64?
        var highestTimestamp: UInt32?
        var milliseconds: Int64 = 0

        for sourceIndex in 0..<4 {  // 3 switches
            if sourceIndex > 0 { track.switchSource() }
            let packets = Self.impair(Self.source(count: 400, using: &random), using: &random)
            var incoming = SequenceNumberUnwrapper()
            var highestIn: Int64?
            var firstOfSource = true
            for generated in packets {
                milliseconds += 10
                let packet =
                    generated.padding
                    ? F.packet(
                        sequenceNumber: generated.sequenceNumber, timestamp: generated.timestamp, payload: ByteBuffer(),
                        paddingLength: 100)
                    : F.vp8Packet(
                        sequenceNumber: generated.sequenceNumber, timestamp: generated.timestamp,
                        keyframe: generated.keyframe, pictureID: generated.pictureID, ssrc: UInt32(sourceIndex))
                let inExtended = incoming.unwrap(generated.sequenceNumber)
                let (result, output) = track.forward(packet, atMilliseconds: milliseconds)
                guard case .forwarded(let sequenceNumber, _) = result else { continue }
                let out = try #require(output)
                #expect(out.sequenceNumber == sequenceNumber)
                let outExtended = outgoing.unwrap(sequenceNumber)

                // Never repeated.
                let inserted = seen.insert(outExtended).inserted
                #expect(inserted, "seed \(seed): \(sequenceNumber) repeated")
                if let previous = highestOut, outExtended > previous {
                    if firstOfSource {
                        // A switch continues at last + 1, and the timestamp moves on.
                        #expect(outExtended == previous + 1, "seed \(seed): jump at switch")
                        let last = try #require(highestTimestamp)
                        #expect(RTPTimestamp.isNewer(out.timestamp, than: last), "seed \(seed): timestamp went back")
                    } else if let highestIn {
                        // Never a jump larger than the publisher's.
                        #expect(outExtended - previous <= inExtended - highestIn, "seed \(seed): jump")
                    }
                }
                if firstOfSource { #expect(generated.keyframe) }
                firstOfSource = false
                if highestOut.map({ outExtended > $0 }) ?? true {
                    highestOut = outExtended
                    highestIn = inExtended
                }
                if highestTimestamp.map({ RTPTimestamp.isNewer(out.timestamp, than: $0) }) ?? true {
                    highestTimestamp = out.timestamp
                }
                // The NACK ring answers for what was just sent.
                #expect(track.publisherSequence(forOutgoing: sequenceNumber) == generated.sequenceNumber)
            }
            #expect(!firstOfSource, "seed \(seed): source \(sourceIndex) forwarded nothing")
        }
        #expect(track.counters.packetsForwarded == UInt64(seen.count))
        #expect(track.counters.dropped(.paddingOnly) > 0)
    }

    @Test func randomBytesNeverTrap() {
        var random = SeededRandom(seed: 0xF00D)
        // Video accepting every publisher codec (VP8, VP9, H.264), and audio.
        let allCodecs = DownTrackRewriter(
            published: PublishedMedia(mid: "1", kind: .video, codecs: F.publisherVideoCodecs, extensions: F.publisherExtensions),
            subscribed: SubscribedMedia(
                mid: "x", kind: .video, codecs: F.publisherVideoCodecs, extensions: F.subscriberExtensions, ssrc: 5))
        var tracks = [allCodecs, F.audio(), F.video()]
        var out = ByteBuffer()
        let valid = Array(F.vp8Packet(sequenceNumber: 1, timestamp: 1, keyframe: true, pictureID: 5, tl0PictureIndex: 1).buffer.readableBytesView)
        var inputs = Mutations.garbage(count: 1500, maxLength: 120, using: &random)
        inputs += Mutations.corruptions(of: valid, count: 1500, using: &random)
        inputs += Mutations.truncations(of: valid)
        for (index, var bytes) in inputs.enumerated() {
            // Mostly version 2 with a forwarded payload type, so parsing
            // succeeds and the rewrite paths run.
            if !bytes.isEmpty, index % 4 != 0 { bytes[0] = 0x80 | (bytes[0] & 0x3F) }
            if bytes.count > 1, index % 3 == 0 { bytes[1] = [96, 98, 102, 111, 97][index % 5] }
            guard let packet = try? RTPPacket(parsing: ByteBuffer(bytes: bytes)) else { continue }
            if index % 97 == 0 { tracks[index % 3].switchSource() }
            _ = tracks[index % 3].rewrite(
                packet, into: &out, transportSequenceNumber: UInt16(truncatingIfNeeded: index), absSendTime: 0xFFFF_FFFF,
                now: F.time(milliseconds: Int64(index)))
        }
        for track in tracks {
            #expect(track.counters.packetsForwarded > 0)
            #expect(track.counters.packetsDropped > 0)
        }
    }
}
