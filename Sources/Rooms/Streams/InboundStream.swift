import NIOCore
import RTCP
import RTP
import RTPStreams

/// The server's receive state of one RTP stream a publisher sends (a track,
/// or one simulcast layer of it): RFC 3550 statistics for receiver
/// reports, the NACK generator when the publisher negotiated `nack`, the
/// stream's bitrate (for layer choice) and its last sender report (for the
/// rewritten SRs subscribers get), and the packets held for every
/// subscriber's retransmissions (video).
///
/// A class: the forwarding path updates it once per packet through its
/// track's dictionary, and a keyed in-place access to a value this large
/// allocated three coroutine frames per packet; a reference is read, not
/// modified, out of the dictionary.
final class InboundStream {
    /// The publisher's SSRC of the stream.
    let ssrc: UInt32
    /// The simulcast layer ("" without simulcast).
    let rid: String
    let clockRate: UInt32
    var statistics: ReceiveStreamStatistics
    var nacks: NACKGenerator?
    var bitrate = BitrateMeter()
    /// The last non-zero bitrate measured (what the layer costs when sent).
    var lastActiveBitrate: UInt64 = 0
    /// The publisher's last SR: its NTP/RTP mapping (RFC 3550 §6.4.1).
    var lastSenderReport: (ntpTime: UInt64, rtpTime: UInt32, arrival: NIODeadline)?
    /// Frame size of the last VP8 keyframe seen (RFC 6386 §9.1).
    var frameWidth: Int?
    var frameHeight: Int?
    /// The packets forwarded, each held once for all down tracks' NACKs.
    var packets: SourcePacketHistory?

    /// `history` sizes the packets held for retransmissions; nil holds none.
    init(
        ssrc: UInt32, rid: String, clockRate: UInt32, usesNACK: Bool, history: RetransmissionHistoryLimits? = nil
    ) {
        self.ssrc = ssrc
        self.rid = rid
        self.clockRate = clockRate
        statistics = ReceiveStreamStatistics(clockRate: clockRate)
        nacks = usesNACK ? NACKGenerator() : nil
        packets = history.map(SourcePacketHistory.init(limits:))
    }

    /// Records one media packet (a retransmission already unwrapped);
    /// true when it was one found missing before (recovered).
    func onPacket(sequenceNumber: UInt16, timestamp: UInt32, size: Int, now: NIODeadline) -> Bool {
        statistics.onPacket(sequenceNumber: sequenceNumber, rtpTimestamp: timestamp, arrival: now)
        bitrate.add(size: size, at: now)
        return nacks?.onPacket(sequenceNumber: sequenceNumber, now: now) ?? false
    }

    /// Records one media packet to forward, as `onPacket`, and keeps it for
    /// retransmissions.
    func receive(
        _ packet: RTPPacket, size: Int, now: NIODeadline
    ) -> (recovered: Bool, stored: SourcePacketHistory.Index?) {
        let recovered = onPacket(
            sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, size: size, now: now)
        return (recovered, packets?.store(packet.buffer, now: now))
    }

    /// Records the publisher's SR for this stream.
    func onSenderReport(_ report: SenderReport, now: NIODeadline) {
        statistics.onSenderReport(report, arrival: now)
        lastSenderReport = (report.ntpTime, report.rtpTime, now)
    }

    /// Packets that arrived after being found missing (late or retransmitted).
    var packetsRecovered: Int { nacks?.recoveredCount ?? 0 }
    /// Sequence numbers NACKed, retries included.
    var nacksSent: Int { nacks?.nackedCount ?? 0 }
}
