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
    /// an RTX stream (which the receiver counts in TWCC and discards) shows
    /// whether the path carries more; a probe that got through raises the
    /// estimate. Only for subscribers that send TWCC feedback.
    func probeBandwidth(of subscriber: Participant, elapsed: TimeAmount, now: NIODeadline) {
        guard subscriber.hasTransportFeedback, let link = subscriber.link,
            let carrier = subscriber.subscriptions.values.first(where: Self.canCarryPadding)
        else { return }
        let outcome = subscriber.probe.update(
            now: now, desired: subscriber.desiredBitrate, estimate: subscriber.bandwidth.estimate,
            sending: subscriber.sentBitrate.bitrate(now: now), usage: subscriber.bandwidth.bandwidthUsage,
            lossFraction: subscriber.bandwidth.lossFraction, acknowledged: subscriber.bandwidth.acknowledgedBitrate)
        if let result = outcome.probeResult {
            subscriber.bandwidth.onProbeResult(bitrate: result)
            allocateLayers(for: subscriber, now: now)
        }
        guard outcome.paddingBitrate > 0 else {
            subscriber.paddingCredit = 0
            return
        }
        subscriber.paddingCredit += Double(outcome.paddingBitrate) / 8 * Double(elapsed.nanoseconds) / 1e9
        var sent = 0
        while subscriber.paddingCredit >= Double(Self.paddingPacketBytes), sent < Self.maxPaddingPacketsPerTick {
            var packet = paddingPacket(on: carrier)
            let size = packet.readableBytes
            subscriber.bandwidth.onPacketSent(
                transportSequenceNumber: subscriber.transportSequenceNumber, size: size, at: now)
            subscriber.transportSequenceNumber &+= 1
            subscriber.paddingCredit -= Double(size)
            subscriber.paddingBytesSent &+= UInt64(size)
            link.sendToSubscriber(rtp: &packet)
            sent += 1
        }
    }

    /// A video down track with RTX and transport-wide numbers.
    static func canCarryPadding(_ subscription: Subscription) -> Bool {
        guard let rewriter = subscription.rewriter else { return false }
        return subscription.track.kind == .video && rewriter.rtxSSRC != nil && rewriter.writesTransportSequenceNumber
            && !subscription.rtxPayloadTypes.isEmpty
    }

    /// A padding-only RTX packet (RFC 3550 §5.1 P bit, RFC 4588 stream)
    /// with the subscriber's next transport-wide number.
    private func paddingPacket(on subscription: Subscription) -> ByteBuffer {
        let rewriter = subscription.rewriter!
        let payloadType = subscription.rtxPayloadTypes.values.min() ?? 0
        var out = ByteBuffer()
        out.reserveCapacity(RTPHeader.fixedLength + 8 + Self.paddingPacketBytes + DownTrackRewriter.srtpTrailerReserve)
        out.writeInteger(UInt8(0xB0))  // V=2, P=1, X=1
        out.writeInteger(payloadType & 0x7F)
        out.writeInteger(subscription.rtxSequenceNumber)
        out.writeInteger(rewriter.lastTimestamp)
        out.writeInteger(rewriter.rtxSSRC!)
        subscription.rtxSequenceNumber &+= 1
        // RFC 8285 one-byte block: the transport-wide number, padded to 32 bits.
        out.writeInteger(RTPHeaderExtensionProfile.oneByte.rawValue)
        out.writeInteger(UInt16(1))
        out.writeInteger(rewriter.extensions.transportWideCCID << 4 | 1)
        out.writeInteger(subscription.subscriber.transportSequenceNumber)
        out.writeInteger(UInt8(0))
        out.writeRepeatingByte(0, count: Self.paddingPacketBytes - 1)
        out.writeInteger(UInt8(Self.paddingPacketBytes))
        return out
    }
}
