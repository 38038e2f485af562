import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams
import SDP
import Testing

@testable import Rooms

/// A simulcast subscriber behind a bottleneck, on a manual clock: what the
/// room sends it crosses a FIFO link of a set capacity (packets wait their
/// turn; a queue past 300 ms drops), and its TWCC feedback goes back every
/// 100 ms. Capped at 300 kbit/s it settles on the lowest layer; when the
/// cap is lifted, padding probes take it back to the full layer.
@Suite struct CappedLinkTests {
    /// The bottleneck and the subscriber's TWCC receiver.
    struct Bottleneck {
        var capacity: Double  // bit/s
        var freeAt = NIODeadline.uptimeNanoseconds(0)
        var inFlight: [(arrival: NIODeadline, sequenceNumber: UInt16)] = []
        var recorder = TWCCRecorder(senderSSRC: 9, mediaSSRC: 1)
        var seen = 0
        var dropped = 0

        mutating func send(_ packet: ByteBuffer, twccID: UInt8, now: NIODeadline) {
            guard let parsed = try? RTPPacket(parsing: packet),
                let number = try? parsed.extensionValue(TransportSequenceNumberExtension.self, id: twccID)
            else { return }
            let start = max(now, freeAt)
            guard start - now <= .milliseconds(300) else {
                dropped += 1
                return
            }
            let serialization = TimeAmount.nanoseconds(Int64(Double(packet.readableBytes * 8) / capacity * 1e9))
            freeAt = start + serialization
            inFlight.append((freeAt + .milliseconds(10), number.sequenceNumber))
        }

        /// Feedback for what arrived by `now`.
        mutating func feedback(now: NIODeadline) -> [ByteBuffer] {
            let arrived = inFlight.filter { $0.arrival <= now }
            inFlight.removeAll { $0.arrival <= now }
            for packet in arrived { recorder.onPacket(transportSequenceNumber: packet.sequenceNumber, arrival: packet.arrival) }
            return recorder.feedback(now: now).map { packet in
                var buffer = ByteBuffer()
                packet.write(into: &buffer)
                return buffer
            }
        }
    }

    @Test func settlesOnTheLayerThatFitsAndClimbsBackWhenTheCapLifts() throws {
        let simulation = try LayerSwitchTests.Simulation()
        let layers = simulation.video.media.rids
        let offer = try SessionDescription(parsing: simulation.bob.link.offers[0].sdp)
        let videoLine = try #require(offer.media.first { $0.media == "video" })
        let twccID = UInt8(try #require(videoLine.extensionMaps.first { $0.uri == HeaderExtensionURI.transportWideCC }?.id))
        var link = Bottleneck(capacity: 300_000)
        var nextFeedback = simulation.now

        func run(seconds: Double) {
            let end = simulation.now + .milliseconds(Int64(seconds * 1000))
            while simulation.now < end {
                simulation.run(seconds: 0.033)
                for packet in simulation.bob.link.rtpToSubscriber[link.seen...] {
                    link.send(packet, twccID: twccID, now: simulation.now)
                }
                link.seen = simulation.bob.link.rtpToSubscriber.count
                if simulation.now >= nextFeedback {
                    nextFeedback = simulation.now + .milliseconds(100)
                    for buffer in link.feedback(now: simulation.now) {
                        simulation.room.handleSubscriberRTCP(from: simulation.bob.participant, packet: buffer, now: simulation.now)
                    }
                }
            }
        }

        run(seconds: 10)
        let capped = simulation.bob.participant.subscriberConnection.bandwidth.estimate
        #expect(simulation.subscription.currentLayer == layers[0], "estimate \(capped)")
        #expect(capped < 400_000)

        link.capacity = 10_000_000
        run(seconds: 15)
        #expect(simulation.subscription.currentLayer == layers[2], "estimate \(simulation.bob.participant.subscriberConnection.bandwidth.estimate)")
        #expect(simulation.bob.participant.subscriberConnection.probe.probesSucceeded >= 1)
        #expect(simulation.bob.participant.subscriberConnection.paddingBytesSent > 0)
    }
}
