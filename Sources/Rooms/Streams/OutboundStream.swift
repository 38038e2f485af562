import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams

/// The server's send state of one down track (mediasoup's RtpStreamSend;
/// the counterpart of `InboundStream`): the rewriter that numbers it, the
/// history that answers its NACKs (video), its RTX stream (RFC 4588), the
/// SRs sent on it and what the subscriber's receiver reports say of it.
/// A value type; the subscription holds it once the subscriber answered.
struct OutboundStream {
    /// Writes the subscriber's packets (SSRC, numbering, payload types,
    /// extension ids).
    var rewriter: DownTrackRewriter
    /// What was sent, to answer NACKs from the publisher streams' shared
    /// histories; video only.
    var history: SentPacketMap?
    /// RTX payload types by the media payload type sent, when the
    /// subscriber accepted RTX.
    private(set) var rtxPayloadTypes: [UInt8: UInt8] = [:]
    /// Sequence numbers of the RTX stream.
    var rtxSequenceNumber: UInt16 = .random(in: .min ... .max)
    /// The publisher SSRC of the last forwarded packet (whose SR is rewritten).
    private(set) var sourceSSRC: UInt32?

    /// SRs sent (NTP middle 32 bits, when), to turn RR blocks into RTT.
    private(set) var sentReports: [(lastSenderReport: UInt32, sentAt: NIODeadline)] = []
    /// From the subscriber's last receiver report.
    private(set) var fractionLost: UInt8 = 0
    private(set) var jitter: UInt32 = 0
    private(set) var roundTripTime: TimeAmount?

    /// NACKed packets asked by the subscriber, retransmitted, and not held
    /// any more (answered with a keyframe request).
    var nacksReceived: UInt64 = 0
    var retransmissionsSent: UInt64 = 0
    var retransmissionMisses: UInt64 = 0
    var pictureLossIndicationsReceived: UInt64 = 0

    /// How long a sent video packet may still be retransmitted (see
    /// `RetransmissionHistoryLimits`).
    static let retransmissionMaxAge = RetransmissionHistoryLimits().maxAge
    /// SRs remembered for RTT: RRs name one of the last few.
    static let sentReportsKept = 4

    /// The down track of `published` as the subscriber negotiated it;
    /// sent video is retransmitted for `maxAge`.
    init(published: PublishedMedia, subscribed: SubscribedMedia, maxAge: TimeAmount = Self.retransmissionMaxAge) {
        rewriter = DownTrackRewriter(published: published, subscribed: subscribed)
        configure(published: published, subscribed: subscribed, maxAge: maxAge)
    }

    /// A new negotiation (another SSRC): a fresh rewriter, RTX map and
    /// history; the report figures and counters go on.
    mutating func renegotiate(published: PublishedMedia, subscribed: SubscribedMedia) {
        rewriter = DownTrackRewriter(published: published, subscribed: subscribed)
        configure(published: published, subscribed: subscribed, maxAge: history?.maxAge ?? Self.retransmissionMaxAge)
    }

    private mutating func configure(published: PublishedMedia, subscribed: SubscribedMedia, maxAge: TimeAmount) {
        rtxPayloadTypes = [:]
        for codec in subscribed.codecs {
            if let rtx = codec.rtxPayloadType { rtxPayloadTypes[codec.payloadType] = rtx }
        }
        history = published.kind == .video ? SentPacketMap(maxAge: maxAge) : nil
    }

    /// The SSRC the subscriber receives the track with.
    var ssrc: UInt32 { rewriter.ssrc }
    /// The RTX SSRC, when the subscriber accepted RTX.
    var rtxSSRC: UInt32? { rewriter.rtxSSRC }
    /// Whether anything went out yet.
    var hasForwarded: Bool { rewriter.counters.packetsForwarded > 0 }
    /// The subscriber's transport-wide-cc id, 0 when not negotiated.
    var transportWideCCID: UInt8 { rewriter.extensions.transportWideCCID }
    /// Where a forwarded packet's transport-wide number goes (see the rewriter's).
    var transportSequenceOffset: Int? { rewriter.transportSequenceOffset }

    /// Writes the subscriber's version of `packet` into `out` and, when
    /// `stored` says where the publisher stream's history holds `packet`,
    /// remembers it for NACKs. The transport-wide number is a placeholder:
    /// the connection's `send` stamps it. `frame`, when given, is the
    /// packet's descriptor as the room already parsed it.
    mutating func write(
        _ packet: RTPPacket, frame: VideoFrameInfo? = nil, stored: SourcePacketHistory.Index? = nil,
        into out: inout ByteBuffer, absSendTime: UInt32, now: NIODeadline
    ) -> RewriteResult {
        let result = rewriter.rewrite(
            header: packet.header, in: packet.buffer, frame: frame, into: &out, transportSequenceNumber: 0,
            absSendTime: absSendTime, now: now)
        if case .forwarded(let sequenceNumber, _) = result {
            sourceSSRC = packet.ssrc
            if let stored {
                history?.record(
                    SentPacketMap.Entry(
                        sequenceNumber: sequenceNumber, sourceSSRC: packet.ssrc, sourceIndex: stored,
                        header: rewriter.lastWritten),
                    now: now)
            }
        }
        return result
    }

    /// Takes the subscriber's reception report block on this stream: loss,
    /// jitter, and the RTT when it names an SR sent here, now - (when that
    /// SR went) - DLSR (RFC 3550 §6.4.1). Returns that RTT.
    mutating func onReceptionReport(_ block: ReceptionReport, now: NIODeadline) -> TimeAmount? {
        fractionLost = block.fractionLost
        jitter = block.jitter
        guard block.lastSenderReport != 0,
            let sent = sentReports.last(where: { $0.lastSenderReport == block.lastSenderReport })
        else { return nil }
        let delay = TimeAmount.nanoseconds(Int64(block.delaySinceLastSenderReport) * 1_000_000_000 / 65_536)
        let rtt = now - sent.sentAt - delay
        guard rtt >= .zero, rtt < .seconds(10) else { return nil }
        roundTripTime = rtt
        return rtt
    }

    /// The SR of this down track (RFC 3550 §6.4.1), once it forwarded
    /// something: the publisher's NTP and RTP time from `source`'s last SR
    /// (the stream forwarded last), carried forward to now and moved into
    /// the down track's timestamp space, so lip sync survives SSRC and
    /// layer changes; counts are the down track's own.
    mutating func senderReport(source: InboundStream, now: NIODeadline) -> SenderReport? {
        guard hasForwarded, let mapping = source.lastSenderReport else { return nil }
        let elapsed = max(now - mapping.arrival, .zero)
        // NTP is 32.32 fixed point; split so the product cannot overflow.
        let nanoseconds = UInt64(min(elapsed.nanoseconds, 3_600_000_000_000))
        let ntpElapsed = (nanoseconds / 1_000_000_000) << 32 | ((nanoseconds % 1_000_000_000) << 32) / 1_000_000_000
        let ntpTime = mapping.ntpTime &+ ntpElapsed
        let rtpTime = rewriter.outgoingTimestamp(
            mapping.rtpTime &+ RTPTimestamp.ticks(nanoseconds: elapsed.nanoseconds, clockRate: source.clockRate))
        sentReports.append((UInt32(truncatingIfNeeded: ntpTime >> 16), now))
        if sentReports.count > Self.sentReportsKept { sentReports.removeFirst() }
        return SenderReport(
            ssrc: rewriter.ssrc, ntpTime: ntpTime, rtpTime: rtpTime,
            packetCount: UInt32(truncatingIfNeeded: rewriter.counters.packetsForwarded),
            octetCount: UInt32(truncatingIfNeeded: rewriter.counters.bytesForwarded))
    }
}
