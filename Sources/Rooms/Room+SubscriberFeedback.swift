import NIOCore
import RTCP
import RTP
import RTPStreams

extension Room {
    /// RTCP from `subscriber`'s subscribe PC: keyframe requests (PLI, FIR)
    /// go to the publisher, merged and throttled; NACKs are answered from
    /// the down track's history; receiver reports give loss and RTT; TWCC
    /// feedback and REMB feed the subscriber's bandwidth estimate.
    public func handleSubscriberRTCP(from subscriber: Participant, packet buffer: ByteBuffer, now: NIODeadline) {
        var iterator = RTCPPacketIterator(buffer)
        while let element = try? iterator.next() {
            guard let packet = try? iterator.packet(element) else { continue }
            switch packet {
            case .pictureLossIndication(let pli):
                if let subscription = subscriber.subscriptionsBySSRC[pli.mediaSSRC] {
                    subscription.pictureLossIndicationsReceived &+= 1
                    requestKeyframe(for: subscription, reason: .subscriberPictureLoss, now: now)
                }
            case .fullIntraRequest(let fir):
                for entry in fir.entries {
                    if let subscription = subscriber.subscriptionsBySSRC[entry.ssrc] {
                        subscription.pictureLossIndicationsReceived &+= 1
                        requestKeyframe(for: subscription, reason: .subscriberFullIntraRequest, now: now)
                    }
                }
            case .transportLayerNACK(let nack):
                if let subscription = subscriber.subscriptionsBySSRC[nack.mediaSSRC] {
                    retransmit(
                        nack.lostSequenceNumbers(limit: Self.maxRetransmissionsPerNACK), to: subscription, now: now)
                }
            case .receiverReport(let report):
                takeReceptionReports(report.reports, from: subscriber, now: now)
            case .senderReport(let report):
                takeReceptionReports(report.reports, from: subscriber, now: now)
            case .transportLayerCC(let feedback):
                subscriber.bandwidth.onFeedback(feedback, now: now)
                subscriber.hasBandwidthFeedback = true
                subscriber.hasTransportFeedback = true
            case .receiverEstimatedMaximumBitrate(let remb):
                subscriber.bandwidth.onREMB(bitrate: subscriber.rembs.add(remb, now: now), now: now)
                subscriber.hasBandwidthFeedback = true
            default:
                break
            }
        }
    }

    /// Sequence numbers answered per NACK packet at most: a NACK naming the
    /// whole history must not turn one small packet into hundreds.
    static let maxRetransmissionsPerNACK = 64

    /// Retransmissions a subscriber may cost, bit/s: libwebrtc's rule (its
    /// estimate), and no more than the media it is sent (with a floor for
    /// thin streams): a subscriber can inflate its estimate with a forged
    /// REMB, and must not turn that into many times its stream.
    func retransmissionAllowance(of subscriber: Participant, now: NIODeadline) -> UInt64 {
        let sent = subscriber.sentBitrate.bitrate(now: now)
        let media = sent &- min(sent, subscriber.retransmittedBitrate.bitrate(now: now))
        return min(subscriber.bandwidth.estimate, max(media, Self.minimumRetransmissionAllowance))
    }

    /// What any subscriber may get in retransmissions, whatever it is sent.
    static let minimumRetransmissionAllowance: UInt64 = 100_000

    /// The least time between two retransmissions of one packet, whatever
    /// RTT the subscriber's reports claim (it chooses their DLSR).
    static let minimumRetransmissionInterval = TimeAmount.milliseconds(40)

    /// Answers a subscriber's NACK (RFC 4585 §6.2.1): each packet still
    /// held goes again, as RTX (RFC 4588) when the subscriber accepted it,
    /// else as it was; one no longer held costs a keyframe request instead.
    func retransmit(_ sequenceNumbers: [UInt16], to subscription: Subscription, now: NIODeadline) {
        let subscriber = subscription.subscriber
        guard let link = subscriber.link, subscription.history != nil, let rewriter = subscription.rewriter else {
            return
        }
        let rtt = max(subscriber.subscriberRoundTripTime ?? .milliseconds(100), Self.minimumRetransmissionInterval)
        // Once per NACK: each repair adds to both sides of the media rate alike.
        let allowance = retransmissionAllowance(of: subscriber, now: now)
        var missing = false
        for sequenceNumber in sequenceNumbers.prefix(Self.maxRetransmissionsPerNACK) {
            subscription.nacksReceived &+= 1
            counters.nacksReceived &+= 1
            switch subscription.history!.retransmission(of: sequenceNumber, now: now, rtt: rtt) {
            case .packet(let stored):
                guard subscriber.retransmissionBudget.take(bytes: stored.readableBytes, estimate: allowance, now: now)
                else {
                    counters.retransmissionsOverBudget &+= 1
                    continue
                }
                guard var out = repairPacket(from: stored, subscription: subscription, rtxSSRC: rewriter.rtxSSRC, now: now)
                else { continue }
                subscription.retransmissionsSent &+= 1
                counters.retransmissionsSent &+= 1
                link.sendToSubscriber(rtp: &out)
            case .suppressed:
                break
            case .missing:
                // Sent once and gone (or too far back to be held): only a
                // keyframe repairs it. Never sent: a publisher loss the
                // upstream NACK is recovering; it goes out when it comes.
                let behind = rewriter.lastSequenceNumber &- sequenceNumber
                if behind >= 0x8000 {
                    // Ahead of anything sent: no receiver loses a packet
                    // that does not exist yet.
                    counters.nacksForUnsentPackets &+= 1
                    continue
                }
                if subscription.history!.wasDropped(sequenceNumber, now: now)
                    || Int(behind) >= subscription.history!.capacity
                {
                    subscription.retransmissionMisses &+= 1
                    missing = true
                }
            }
        }
        if missing { requestKeyframe(for: subscription, reason: .other, now: now) }
    }

    /// The packet to send again for `stored` (a packet as first sent): an
    /// RTX packet (RFC 4588 §4: RTX SSRC, payload type and sequence, the
    /// original sequence number before the payload) or a plain copy; with a
    /// fresh transport-wide number so the estimator counts it once.
    private func repairPacket(
        from stored: ByteBuffer, subscription: Subscription, rtxSSRC: UInt32?, now: NIODeadline
    ) -> ByteBuffer? {
        guard var header = try? RTPHeader(parsing: stored) else { return nil }
        var out: ByteBuffer
        if let rtxSSRC, let rtxPayloadType = subscription.rtxPayloadTypes[header.payloadType],
            let payload = header.payload(in: stored), var head = stored.getSlice(at: stored.readerIndex, length: header.headerLength)
        {
            out = ByteBuffer()
            out.reserveCapacity(stored.readableBytes + 2 + DownTrackRewriter.srtpTrailerReserve)
            out.writeBuffer(&head)
            out.writeInteger(header.sequenceNumber)
            out.writeImmutableBuffer(payload)
            guard var rtx = try? RTPHeader(parsing: out) else { return nil }
            rtx.setSSRC(rtxSSRC, in: &out)
            rtx.setPayloadType(rtxPayloadType, in: &out)
            rtx.setSequenceNumber(subscription.rtxSequenceNumber, in: &out)
            subscription.rtxSequenceNumber &+= 1
            header = rtx
        } else {
            out = stored
        }
        let subscriber = subscription.subscriber
        if let rewriter = subscription.rewriter, rewriter.writesTransportSequenceNumber,
            (try? header.setExtensionValue(
                id: rewriter.extensions.transportWideCCID,
                to: TransportSequenceNumberExtension(sequenceNumber: subscriber.transportSequenceNumber), in: &out)) != nil
        {
            subscriber.bandwidth.onPacketSent(
                transportSequenceNumber: subscriber.transportSequenceNumber, size: out.readableBytes, at: now)
            subscriber.transportSequenceNumber &+= 1
        }
        subscriber.sentBitrate.add(size: out.readableBytes, at: now)
        subscriber.retransmittedBitrate.add(size: out.readableBytes, at: now)
        return out
    }

    /// Loss, jitter and RTT from a subscriber's reception report blocks;
    /// the RTT is now - (when the SR with that LSR went) - DLSR
    /// (RFC 3550 §6.4.1).
    func takeReceptionReports(_ blocks: [ReceptionReport], from subscriber: Participant, now: NIODeadline) {
        for block in blocks {
            guard let subscription = subscriber.subscriptionsBySSRC[block.ssrc] else { continue }
            subscription.fractionLost = block.fractionLost
            subscription.jitter = block.jitter
            guard block.lastSenderReport != 0,
                let sent = subscription.sentReports.last(where: { $0.lastSenderReport == block.lastSenderReport })
            else { continue }
            let delay = TimeAmount.nanoseconds(Int64(block.delaySinceLastSenderReport) * 1_000_000_000 / 65_536)
            let rtt = now - sent.sentAt - delay
            guard rtt >= .zero, rtt < .seconds(10) else { continue }
            subscription.roundTripTime = rtt
            let smoothed = subscriber.subscriberRoundTripTime.map {
                TimeAmount.nanoseconds(($0.nanoseconds * 7 + rtt.nanoseconds) / 8)
            } ?? rtt
            subscriber.subscriberRoundTripTime = smoothed
            subscriber.bandwidth.onRoundTripTime(smoothed)
        }
    }

    /// A sender report for every down track of `subscriber` that forwarded
    /// something (RFC 3550 §6.4.1): the publisher's NTP time and RTP time
    /// from its last SR, carried forward to now and moved into the down
    /// track's timestamp space, so lip sync survives SSRC and layer
    /// changes; counts are the down track's own.
    func sendSubscriberReports(to subscriber: Participant, now: NIODeadline) {
        guard let link = subscriber.link else { return }
        var buffer = ByteBuffer()
        for subscription in subscriber.subscriptions.values {
            guard let rewriter = subscription.rewriter, rewriter.counters.packetsForwarded > 0,
                let source = subscription.sourceSSRC,
                let mapping = subscription.track.inbound[source]?.lastSenderReport,
                let clockRate = subscription.track.inbound[source]?.clockRate
            else { continue }
            let elapsed = max(now - mapping.arrival, .zero)
            // NTP is 32.32 fixed point; split so the product cannot overflow.
            let nanoseconds = UInt64(min(elapsed.nanoseconds, 3_600_000_000_000))
            let ntpElapsed = (nanoseconds / 1_000_000_000) << 32 | ((nanoseconds % 1_000_000_000) << 32) / 1_000_000_000
            let ntpTime = mapping.ntpTime &+ ntpElapsed
            let rtpTime = rewriter.outgoingTimestamp(
                mapping.rtpTime &+ RTPTimestamp.ticks(nanoseconds: elapsed.nanoseconds, clockRate: clockRate))
            SenderReport(
                ssrc: rewriter.ssrc, ntpTime: ntpTime, rtpTime: rtpTime,
                packetCount: UInt32(truncatingIfNeeded: rewriter.counters.packetsForwarded),
                octetCount: UInt32(truncatingIfNeeded: rewriter.counters.bytesForwarded)
            ).write(into: &buffer)
            subscription.sentReports.append((UInt32(truncatingIfNeeded: ntpTime >> 16), now))
            if subscription.sentReports.count > 4 { subscription.sentReports.removeFirst() }
        }
        if buffer.readableBytes > 0 { link.sendToSubscriber(rtcp: &buffer) }
    }
}
