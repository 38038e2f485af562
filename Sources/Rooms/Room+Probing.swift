import NIOCore
import RTP
import RTPStreams

extension Room {
    /// Padding bytes per probe packet (RFC 3550 §5.1: the last byte counts
    /// them, so at most 255).
    static let paddingPacketBytes = 255
    /// Padding packets sent per subscriber per tick at most.
    static let maxPaddingPacketsPerTick = 64

    /// Runs `subscriber`'s padding probe for the `elapsed` since the last
    /// tick: when its video wants more than the estimate allows, padding on
    /// an RTX stream (which the receiver counts, in TWCC or in the
    /// abs-send-time estimate behind its REMB, and discards) shows whether
    /// the path carries more; a probe that got through raises the estimate.
    func probeBandwidth(of subscriber: Participant, elapsed: TimeAmount, now: NIODeadline) {
        guard subscriber.hasBandwidthFeedback, let link = subscriber.link,
            let carrier = subscriber.subscriptions.values.first(where: Self.canCarryPadding)
        else { return }
        let transportWide = subscriber.hasTransportFeedback
        // REMB only: the REMB itself tells what got through, loss comes from RRs.
        let worstLoss = subscriber.subscriptions.values.map(\.fractionLost).max() ?? 0
        let outcome = subscriber.probe.update(
            now: now, desired: subscriber.desiredBitrate, estimate: subscriber.bandwidth.estimate,
            sending: subscriber.sentBitrate.bitrate(now: now),
            usage: transportWide ? subscriber.bandwidth.bandwidthUsage : .normal,
            lossFraction: transportWide ? subscriber.bandwidth.lossFraction : Double(worstLoss) / 256,
            acknowledged: transportWide ? subscriber.bandwidth.acknowledgedBitrate : subscriber.bandwidth.estimate)
        if let result = outcome.probeResult {
            subscriber.bandwidth.onProbeResult(bitrate: result)
            allocateLayers(for: subscriber, now: now)
        }
        guard outcome.paddingBitrate > 0 else {
            subscriber.paddingCredit = 0
            return
        }
        subscriber.paddingCredit += Double(outcome.paddingBitrate) / 8 * Double(elapsed.nanoseconds) / 1e9
        let absSendTime = AbsoluteSendTimeExtension(nanoseconds: UInt64(max(0, now.uptimeNanoseconds))).rawValue
        var sent = 0
        while subscriber.paddingCredit >= Double(Self.paddingPacketBytes), sent < Self.maxPaddingPacketsPerTick {
            var packet = paddingPacket(on: carrier, absSendTime: absSendTime)
            let size = packet.readableBytes
            if carrier.rewriter!.writesTransportSequenceNumber {
                subscriber.bandwidth.onPacketSent(
                    transportSequenceNumber: subscriber.transportSequenceNumber, size: size, at: now)
                subscriber.transportSequenceNumber &+= 1
            }
            subscriber.paddingCredit -= Double(size)
            subscriber.paddingBytesSent &+= UInt64(size)
            link.sendToSubscriber(rtp: &packet)
            sent += 1
        }
    }

    /// A video down track with RTX and a send-time extension to pad on.
    static func canCarryPadding(_ subscription: Subscription) -> Bool {
        guard let rewriter = subscription.rewriter else { return false }
        return subscription.track.kind == .video && rewriter.rtxSSRC != nil && !subscription.rtxPayloadTypes.isEmpty
            && (rewriter.writesTransportSequenceNumber || rewriter.extensions.absSendTimeID != 0)
    }

    /// A padding-only RTX packet (RFC 3550 §5.1 P bit, RFC 4588 stream)
    /// with the subscriber's next transport-wide number and the send time.
    private func paddingPacket(on subscription: Subscription, absSendTime: UInt32) -> ByteBuffer {
        let rewriter = subscription.rewriter!
        let extensions = rewriter.extensions
        let payloadType = subscription.rtxPayloadTypes.values.min() ?? 0
        var out = ByteBuffer()
        out.reserveCapacity(RTPHeader.fixedLength + 12 + Self.paddingPacketBytes + DownTrackRewriter.srtpTrailerReserve)
        out.writeInteger(UInt8(0xB0))  // V=2, P=1, X=1
        out.writeInteger(payloadType & 0x7F)
        out.writeInteger(subscription.rtxSequenceNumber)
        out.writeInteger(rewriter.lastTimestamp)
        out.writeInteger(rewriter.rtxSSRC!)
        subscription.rtxSequenceNumber &+= 1
        // RFC 8285 one-byte block, padded to 32 bits.
        let writesTWCC = rewriter.writesTransportSequenceNumber
        let writesSendTime = extensions.absSendTimeID != 0
        let dataLength = (writesTWCC ? 3 : 0) + (writesSendTime ? 4 : 0)
        let paddedLength = (dataLength + 3) & ~3
        out.writeInteger(RTPHeaderExtensionProfile.oneByte.rawValue)
        out.writeInteger(UInt16(paddedLength / 4))
        if writesSendTime {
            out.writeInteger(extensions.absSendTimeID << 4 | 2)
            out.writeInteger(UInt8(truncatingIfNeeded: absSendTime >> 16))
            out.writeInteger(UInt16(truncatingIfNeeded: absSendTime))
        }
        if writesTWCC {
            out.writeInteger(extensions.transportWideCCID << 4 | 1)
            out.writeInteger(subscription.subscriber.transportSequenceNumber)
        }
        out.writeRepeatingByte(0, count: paddedLength - dataLength)
        out.writeRepeatingByte(0, count: Self.paddingPacketBytes - 1)
        out.writeInteger(UInt8(Self.paddingPacketBytes))
        return out
    }
}
