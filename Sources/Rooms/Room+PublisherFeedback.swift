import NIOCore
import RTCP
import RTPStreams

extension Room {
    /// The SSRC the server writes as the sender of its RTCP (reports,
    /// feedback) to publishers and subscribers.
    static let serverSSRC: UInt32 = 1

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

    /// NACKs for what each of `publisher`'s streams is missing, with TWCC
    /// feedback when due, in one datagram.
    func sendPublisherFeedback(to publisher: Participant, now: NIODeadline) {
        guard let link = publisher.link else { return }
        var buffer = ByteBuffer()
        let nacked = publisher.publisherConnection.writeFeedback(for: publisher.tracks, into: &buffer, now: now)
        counters.nacksSent &+= UInt64(nacked)
        if buffer.readableBytes > 0 { link.sendToPublisher(rtcp: &buffer) }
    }

    /// Receiver reports on every stream of `publisher`, and REMB when that
    /// is its feedback.
    func sendPublisherReports(to publisher: Participant, now: NIODeadline) {
        guard let link = publisher.link else { return }
        var buffer = ByteBuffer()
        guard publisher.publisherConnection.writeReports(for: publisher.tracks, into: &buffer, now: now) else { return }
        link.sendToPublisher(rtcp: &buffer)
    }
}
