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
                    subscription.outbound?.pictureLossIndicationsReceived &+= 1
                    requestKeyframe(for: subscription, reason: .subscriberPictureLoss, now: now)
                }
            case .fullIntraRequest(let fir):
                for entry in fir.entries {
                    if let subscription = subscriber.subscriptionsBySSRC[entry.ssrc] {
                        subscription.outbound?.pictureLossIndicationsReceived &+= 1
                        requestKeyframe(for: subscription, reason: .subscriberFullIntraRequest, now: now)
                    }
                }
            case .transportLayerNACK(let nack):
                if let subscription = subscriber.subscriptionsBySSRC[nack.mediaSSRC] {
                    retransmit(
                        nack.lostSequenceNumbers(limit: OutboundStream.maxRetransmissionsPerNACK), to: subscription,
                        now: now)
                }
            case .receiverReport(let report):
                takeReceptionReports(report.reports, from: subscriber, now: now)
            case .senderReport(let report):
                takeReceptionReports(report.reports, from: subscriber, now: now)
            case .transportLayerCC(let feedback):
                subscriber.subscriberConnection.onTransportFeedback(feedback, now: now)
            case .receiverEstimatedMaximumBitrate(let remb):
                subscriber.subscriberConnection.onREMB(remb, now: now)
            default:
                break
            }
        }
    }

    /// Answers a subscriber's NACK (RFC 4585 §6.2.1) from the down track's
    /// history, within the subscriber's retransmission budget; a packet no
    /// longer held costs a keyframe request instead.
    func retransmit(_ sequenceNumbers: [UInt16], to subscription: Subscription, now: NIODeadline) {
        let subscriber = subscription.subscriber
        guard let link = subscriber.link, let transportWideCCID = subscription.outbound?.transportWideCCID else {
            return
        }
        let rtt = subscriber.subscriberConnection.retransmissionInterval
        // Once per NACK: each repair adds to both sides of the media rate alike.
        let allowance = subscriber.subscriberConnection.retransmissionAllowance(now: now)
        guard
            let answer = subscription.outbound?.answerNACK(
                sequenceNumbers, sources: subscription.track.inbound, rtt: rtt, budget: &subscriber.subscriberConnection.retransmissionBudget,
                allowance: allowance, now: now)
        else { return }
        counters.nacksReceived &+= UInt64(answer.asked)
        counters.retransmissionsOverBudget &+= UInt64(answer.overBudget)
        counters.nacksForUnsentPackets &+= UInt64(answer.unsent)
        counters.nacksPastHistory &+= UInt64(answer.pastHistory)
        for var repair in answer.repairs {
            counters.retransmissionsSent &+= 1
            _ = subscriber.subscriberConnection.send(
                &repair, .repair, transportWideCCID: transportWideCCID, on: link, now: now)
        }
        if answer.needsKeyframe { requestKeyframe(for: subscription, reason: .other, now: now) }
    }

    /// Loss, jitter and RTT from a subscriber's reception report blocks,
    /// per down track; each RTT measured feeds the subscribe PC's.
    func takeReceptionReports(_ blocks: [ReceptionReport], from subscriber: Participant, now: NIODeadline) {
        for block in blocks {
            guard let subscription = subscriber.subscriptionsBySSRC[block.ssrc],
                let rtt = subscription.outbound?.onReceptionReport(block, now: now)
            else { continue }
            subscriber.subscriberConnection.onRoundTripTime(rtt)
        }
    }

    /// A sender report for every down track of `subscriber` that forwarded
    /// something (see `OutboundStream.senderReport`), in one datagram.
    func sendSubscriberReports(to subscriber: Participant, now: NIODeadline) {
        guard let link = subscriber.link else { return }
        var buffer = ByteBuffer()
        for subscription in subscriber.subscriptions.values {
            guard let source = subscription.outbound?.sourceSSRC, let stream = subscription.track.inbound[source],
                let report = subscription.outbound?.senderReport(source: stream, now: now)
            else { continue }
            report.write(into: &buffer)
        }
        if buffer.readableBytes > 0 { link.sendToSubscriber(rtcp: &buffer) }
    }
}
