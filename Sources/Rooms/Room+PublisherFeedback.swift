import NIOCore
import RTCP
import RTPStreams

extension Room {
    /// The SSRC the server writes as the sender of its RTCP (reports,
    /// feedback) to publishers and subscribers.
    static let serverSSRC: UInt32 = 1
    /// The publish PC's round trip, for NACK retries: the server sends no
    /// media there, so it has no SR/RR exchange to measure it.
    static let publisherRoundTripTime: TimeAmount = .milliseconds(100)

    /// RTCP from `publisher`'s publish PC: its sender reports give the
    /// LSR of our receiver reports and the NTP/RTP mapping of the SRs
    /// subscribers get. Malformed packets are skipped.
    public func handlePublisherRTCP(from publisher: Participant, packet buffer: ByteBuffer, now: NIODeadline) {
        var iterator = RTCPPacketIterator(buffer)
        while let element = try? iterator.next() {
            guard case .senderReport(let report)? = try? iterator.packet(element),
                let (track, rid) = publisher.tracksBySSRC[report.ssrc]
            else { continue }
            track.inbound[report.ssrc]?.onSenderReport(report, now: now)
            feedSinks(senderReport: report, track: track, rid: rid, now: now)
        }
    }

    /// NACKs for what each of `publisher`'s streams is missing (RFC 4585
    /// §6.2.1), with TWCC feedback when due, in one datagram.
    func sendPublisherFeedback(to publisher: Participant, now: NIODeadline) {
        guard let link = publisher.link else { return }
        var buffer = ByteBuffer()
        for track in publisher.tracks {
            for ssrc in Array(track.inbound.keys) {
                if let nack = track.inbound[ssrc]?.nacks?.nack(
                    senderSSRC: Self.serverSSRC, mediaSSRC: ssrc, now: now, rtt: Self.publisherRoundTripTime)
                {
                    nack.write(into: &buffer)
                    counters.nacksSent &+= UInt64(nack.lostSequenceNumbers.count)
                }
            }
        }
        if publisher.publisherTWCC != nil {
            if publisher.publisherTWCC!.mediaSSRC == 0, let ssrc = publisher.tracks.lazy.compactMap(\.primarySSRC).first {
                publisher.publisherTWCC!.mediaSSRC = ssrc
            }
            for feedback in publisher.publisherTWCC!.feedback(now: now) { feedback.write(into: &buffer) }
        }
        if buffer.readableBytes > 0 { link.sendToPublisher(rtcp: &buffer) }
    }

    /// A receiver report on every stream of `publisher` (RFC 3550 §6.4.2;
    /// at most 31 blocks per RR), and REMB when that is its feedback.
    func sendPublisherReports(to publisher: Participant, now: NIODeadline) {
        guard let link = publisher.link else { return }
        var blocks: [ReceptionReport] = []
        var videoSSRCs: [UInt32] = []
        var worstLoss: UInt8 = 0
        for track in publisher.tracks {
            for ssrc in Array(track.inbound.keys) {
                guard let block = track.inbound[ssrc]?.statistics.receptionReport(ssrc: ssrc, now: now) else { continue }
                blocks.append(block)
                worstLoss = max(worstLoss, block.fractionLost)
                if track.kind == .video { videoSSRCs.append(ssrc) }
            }
        }
        guard !blocks.isEmpty else { return }
        var buffer = ByteBuffer()
        var start = 0
        while start < blocks.count {
            let end = min(start + 31, blocks.count)
            ReceiverReport(ssrc: Self.serverSSRC, reports: Array(blocks[start..<end])).write(into: &buffer)
            start = end
        }
        if publisher.publisherREMB != nil, !videoSSRCs.isEmpty {
            publisher.publisherREMB!.onLoss(fractionLost: worstLoss)
            publisher.publisherREMB!.remb(mediaSSRCs: videoSSRCs, now: now).write(into: &buffer)
        }
        link.sendToPublisher(rtcp: &buffer)
    }
}
