import NIOCore
import RTCP
import RTP
import RTPStreams

/// The server's side of one participant's subscribe PC (the send half of
/// mediasoup's Transport): its transport-wide numbering, bandwidth
/// estimate (TWCC feedback or REMB), padding probes, sent bitrates, RTT
/// and retransmission budget. Every RTP packet to the subscriber, media,
/// repair or padding, goes out through `send`, so each is numbered and
/// counted once.
struct SubscriberConnection {
    /// What a packet sent on the subscribe PC is, for the meters.
    enum PacketKind {
        case audio, video, repair, padding
    }

    /// Transport-wide sequence number of the next packet (draft-holmer).
    private(set) var transportSequenceNumber: UInt16 = 0
    /// The send-side bandwidth estimate, from TWCC feedback or REMB.
    private(set) var bandwidth = SendSideBandwidthEstimator()
    /// Retransmissions, kept within the allowance.
    var retransmissionBudget = RetransmissionBudget()
    /// The subscriber's REMBs, summed across per-stream estimators.
    private var rembs = REMBAggregate()
    /// Whether the subscriber sent any TWCC feedback or REMB yet; before
    /// that its bandwidth is not known and layers are not limited by it.
    private(set) var hasBandwidthFeedback = false
    /// Whether that feedback includes TWCC (then padding probes can be measured).
    private(set) var hasTransportFeedback = false
    /// Video sent (media and retransmissions, not padding), for the probe's
    /// padding rate.
    private(set) var sentBitrate = BitrateMeter()
    /// The retransmitted part of `sentBitrate`.
    private(set) var retransmittedBitrate = BitrateMeter()
    /// What the subscriber's video down tracks would take with no bandwidth limit.
    var desiredBitrate: UInt64 = 0
    /// Padding probes, and the padding bytes owed.
    private(set) var probe = ProbeController()
    /// The probe cluster running now: every numbered packet sent belongs to it.
    private(set) var probeCluster: Int?
    private(set) var paddingCredit = 0.0
    private(set) var paddingBytesSent: UInt64 = 0
    /// Smoothed RTT, from the subscriber's receiver reports.
    private(set) var roundTripTime: TimeAmount?

    /// What any subscriber may get in retransmissions, whatever it is sent.
    static let minimumRetransmissionAllowance: UInt64 = 100_000
    /// The least time between two retransmissions of one packet, whatever
    /// RTT the subscriber's reports claim (it chooses their DLSR).
    static let minimumRetransmissionInterval = TimeAmount.milliseconds(40)

    /// The bandwidth estimate, once the subscriber sent feedback.
    var estimate: UInt64? { hasBandwidthFeedback ? bandwidth.estimate : nil }

    /// Sends `packet` on the subscribe PC: stamps the next transport-wide
    /// number when the subscriber negotiated it (`transportWideCCID` != 0
    /// and the packet has the element) and tells the estimator, counts it,
    /// hands it to `link` (which protects it in place). False when the
    /// link is not connected.
    mutating func send(
        _ packet: inout ByteBuffer, _ kind: PacketKind, transportWideCCID: UInt8, on link: any ParticipantLink,
        now: NIODeadline, transportSequenceOffset: Int? = nil
    ) -> Bool {
        let size = packet.readableBytes
        if transportWideCCID != 0,
            Self.stamp(transportSequenceNumber, at: transportSequenceOffset, id: transportWideCCID, in: &packet)
                || ((try? RTPHeader(parsing: packet)).flatMap { header in
                    try? header.setExtensionValue(
                        id: transportWideCCID,
                        to: TransportSequenceNumberExtension(sequenceNumber: transportSequenceNumber), in: &packet)
                } != nil)
        {
            bandwidth.onPacketSent(
                transportSequenceNumber: transportSequenceNumber, size: size, at: now, probeCluster: probeCluster)
            transportSequenceNumber &+= 1
        }
        switch kind {
        case .audio:
            break
        case .video:
            sentBitrate.add(size: size, at: now)
        case .repair:
            sentBitrate.add(size: size, at: now)
            retransmittedBitrate.add(size: size, at: now)
        case .padding:
            paddingCredit -= Double(size)
            paddingBytesSent &+= UInt64(size)
        }
        return link.sendToSubscriber(rtp: &packet)
    }

    /// Writes `number` at `offset` when the one-byte element header before it
    /// names `id` with 2 bytes (the rewriter's layout); false (nothing
    /// written) otherwise, and the caller parses the header instead.
    private static func stamp(_ number: UInt16, at offset: Int?, id: UInt8, in packet: inout ByteBuffer) -> Bool {
        guard let offset, offset + 2 <= packet.readableBytes,
            packet.getInteger(at: packet.readerIndex + offset - 1, as: UInt8.self) == id << 4 | 1
        else { return false }
        packet.setInteger(number, at: packet.readerIndex + offset)
        return true
    }

    /// Takes the subscriber's transport-wide CC feedback.
    mutating func onTransportFeedback(_ feedback: TransportLayerCC, now: NIODeadline) {
        bandwidth.onFeedback(feedback, now: now)
        hasBandwidthFeedback = true
        hasTransportFeedback = true
    }

    /// Takes one of the subscriber's REMBs.
    mutating func onREMB(_ remb: ReceiverEstimatedMaximumBitrate, now: NIODeadline) {
        bandwidth.onREMB(bitrate: rembs.add(remb, now: now), now: now)
        hasBandwidthFeedback = true
    }

    /// Takes an RTT one of its down tracks measured; smoothed (7/8 old).
    mutating func onRoundTripTime(_ rtt: TimeAmount) {
        let smoothed = roundTripTime.map { TimeAmount.nanoseconds(($0.nanoseconds * 7 + rtt.nanoseconds) / 8) } ?? rtt
        roundTripTime = smoothed
        bandwidth.onRoundTripTime(smoothed)
    }

    /// The least time between two retransmissions of one packet.
    var retransmissionInterval: TimeAmount {
        max(roundTripTime ?? .milliseconds(100), Self.minimumRetransmissionInterval)
    }

    /// Retransmissions the subscriber may cost, bit/s: libwebrtc's rule (its
    /// estimate), and no more than the media it is sent (with a floor for
    /// thin streams): a subscriber can inflate its estimate with a forged
    /// REMB, and must not turn that into many times its stream.
    mutating func retransmissionAllowance(now: NIODeadline) -> UInt64 {
        let sent = sentBitrate.bitrate(now: now)
        let media = sent &- min(sent, retransmittedBitrate.bitrate(now: now))
        return min(bandwidth.estimate, max(media, Self.minimumRetransmissionAllowance))
    }

    /// The video bitrate sent now.
    mutating func sendingBitrate(now: NIODeadline) -> UInt64 { sentBitrate.bitrate(now: now) }

    /// Runs the padding probe for the `elapsed` since the last tick: when
    /// the video wants more than the estimate allows, probe clusters show
    /// whether the path carries more (`owesPadding`); a cluster that got
    /// through raises the estimate (the estimator applies its result), and
    /// its bitrate is returned. `transportWide`: the subscriber sends, or
    /// negotiated and will send, TWCC feedback that measures the clusters;
    /// without it its REMB is the result. `worstLoss` is the highest RR
    /// fraction lost of the down tracks (for REMB only).
    mutating func runProbe(transportWide: Bool, worstLoss: UInt8, elapsed: TimeAmount, now: NIODeadline) -> UInt64? {
        let lossFraction = hasTransportFeedback ? bandwidth.lossFraction : Double(worstLoss) / 256
        let overusing = hasTransportFeedback && bandwidth.bandwidthUsage == .overusing
        let outcome = probe.update(
            now: now, desired: desiredBitrate, estimate: bandwidth.estimate, sending: sentBitrate.bitrate(now: now),
            congested: overusing || lossFraction > 0.05, transportWide: transportWide,
            results: bandwidth.takeProbeResults(), maxBitrate: bandwidth.configuration.maxBitrate)
        if let ended = outcome.endedCluster { bandwidth.endProbeCluster(ended) }
        probeCluster = outcome.cluster
        if outcome.paddingBitrate > 0 {
            paddingCredit += Double(outcome.paddingBitrate) / 8 * Double(elapsed.nanoseconds) / 1e9
        } else {
            paddingCredit = 0
        }
        return outcome.probeResult
    }

    /// Whether the start-up probes are out and their result not in: the
    /// estimate is still the start value, not yet a measure of the path.
    /// (A subscriber that only sends REMB has no such result to wait for.)
    var isStartingUp: Bool { hasTransportFeedback && probe.isStartingUp }

    /// Whether a padding packet is owed.
    var owesPadding: Bool { paddingCredit >= Double(OutboundStream.paddingPacketBytes) }
}
