import MediaNegotiation
import NIOCore
import RTCP
import RTP

extension Room {
    /// An RTP packet from `publisher`'s publish PC (already decrypted):
    /// written once per subscriber of its track, in that subscriber's
    /// SSRC, sequence, timestamp, payload type and extension ids.
    public func handlePublisherRTP(from publisher: Participant, packet buffer: ByteBuffer, now: NIODeadline) {
        guard let packet = try? RTPPacket(parsing: buffer) else {
            counters.packetsDropped &+= 1
            return
        }
        guard let (track, rid) = route(packet, from: publisher) else {
            counters.packetsDropped &+= 1
            return
        }
        track.packetsReceived &+= 1
        track.bytesReceived &+= UInt64(buffer.readableBytes)
        // Simulcast: only the forwarded layer goes out (the highest for now).
        if let forwarded = track.forwardedRID, rid != forwarded { return }
        if !sinks.isEmpty { feedSinks(buffer, track: track, now: now) }

        let absSendTime = AbsoluteSendTimeExtension(nanoseconds: UInt64(max(0, now.uptimeNanoseconds)))
        var sawKeyframe = false
        for subscription in track.subscriptions.values where subscription.rewriter != nil {
            guard let link = subscription.subscriber.link else { continue }
            // The rewriter sizes it (packet + room for the SRTP tag).
            var out = ByteBuffer()
            let result = subscription.rewriter!.rewrite(
                packet, into: &out, transportSequenceNumber: subscription.subscriber.transportSequenceNumber,
                absSendTime: absSendTime.rawValue, now: now)
            switch result {
            case .forwarded(_, let isKeyframe):
                subscription.subscriber.transportSequenceNumber &+= 1
                sawKeyframe = sawKeyframe || isKeyframe
                let size = out.readableBytes
                if link.sendToSubscriber(rtp: &out) {
                    counters.packetsForwarded &+= 1
                    counters.bytesForwarded &+= UInt64(size)
                }
            case .dropped:
                break
            }
        }
        if sawKeyframe { track.keyframeRequests.keyframeReceived(now: now) }
    }

    /// Finds the track (and simulcast layer) of a publisher's packet: by
    /// SSRC once known, else by the MID and RID header extensions (RFC 8843
    /// §15, RFC 8852), learning the SSRC for the packets that follow.
    private func route(_ packet: RTPPacket, from publisher: Participant) -> (PublishedTrack, String)? {
        if let known = publisher.tracksBySSRC[packet.ssrc] { return known }
        for track in publisher.tracks {
            guard let midID = track.media.extensions[HeaderExtensionURI.mid],
                let mid = try? packet.extensionValue(SDESStringExtension.self, id: midID),
                mid.value == track.mid
            else { continue }
            var rid = ""
            if !track.media.rids.isEmpty {
                // An RTX repair stream carries repaired-rid, not rid: not forwarded yet.
                guard let ridID = track.media.extensions[HeaderExtensionURI.rid],
                    let value = try? packet.extensionValue(SDESStringExtension.self, id: ridID)
                else { return nil }
                rid = value.value
            }
            publisher.tracksBySSRC[packet.ssrc] = (track, rid)
            track.ssrcsByRID[rid] = packet.ssrc
            return (track, rid)
        }
        return nil
    }

    /// RTCP from `subscriber`'s subscribe PC: keyframe requests (PLI, FIR)
    /// for a down track go to its publisher, merged and throttled.
    public func handleSubscriberRTCP(from subscriber: Participant, packet buffer: ByteBuffer, now: NIODeadline) {
        var iterator = RTCPPacketIterator(buffer)
        while let element = try? iterator.next() {
            guard let packet = try? iterator.packet(element) else { continue }
            switch packet {
            case .pictureLossIndication(let pli):
                if let subscription = subscriber.subscriptionsBySSRC[pli.mediaSSRC] {
                    requestKeyframe(for: subscription.track, reason: .subscriberPictureLoss, now: now)
                }
            case .fullIntraRequest(let fir):
                for entry in fir.entries {
                    if let subscription = subscriber.subscriptionsBySSRC[entry.ssrc] {
                        requestKeyframe(for: subscription.track, reason: .subscriberFullIntraRequest, now: now)
                    }
                }
            default:
                break
            }
        }
    }

    /// Asks `track`'s publisher for a keyframe now, or when the throttle's
    /// hold-off ends (`tick`).
    func requestKeyframe(for track: PublishedTrack, reason: KeyframeRequestReason, now: NIODeadline) {
        guard track.kind == .video else { return }
        if track.keyframeRequests.request(now: now, reason: reason) { sendKeyframeRequest(for: track) }
    }

    /// Runs what is due: keyframe requests held back by the throttle.
    /// The I/O layer calls it every ~50 ms.
    public func tick(now: NIODeadline) {
        for track in publishedTracks where track.kind == .video {
            if track.keyframeRequests.poll(now: now) { sendKeyframeRequest(for: track) }
        }
    }

    private func sendKeyframeRequest(for track: PublishedTrack) {
        guard let ssrc = track.forwardedSSRC, let link = track.publisher.link,
            let codec = track.media.codecs.first?.codec,
            let method = KeyframeRequestWriter.method(for: codec)
        else { return }
        if track.keyframeWriter?.mediaSSRC != ssrc || track.keyframeWriter?.method != method {
            track.keyframeWriter = KeyframeRequestWriter(senderSSRC: 1, mediaSSRC: ssrc, method: method)
        }
        var buffer = ByteBuffer()
        track.keyframeWriter!.write(into: &buffer)
        link.sendToPublisher(rtcp: &buffer)
        counters.keyframeRequestsSent &+= 1
    }
}
