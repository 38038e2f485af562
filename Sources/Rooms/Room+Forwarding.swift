import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams

extension Room {
    /// An RTP packet from `publisher`'s publish PC (already decrypted):
    /// counted for the publisher's reports (statistics, NACK, TWCC/REMB),
    /// unwrapped when it is an RTX retransmission, then written once per
    /// subscriber that gets its layer, in that subscriber's SSRC,
    /// sequence, timestamp, payload type and extension ids. Several
    /// publishers on one transport (a cascade relay's) name one of them
    /// `transportOwner`: transport-wide feedback is that one's to give.
    public func handlePublisherRTP(
        from publisher: Participant, packet buffer: ByteBuffer, now: NIODeadline, transportOwner: Participant? = nil
    ) {
        guard var packet = try? RTPPacket(parsing: buffer) else {
            counters.packetsDropped &+= 1
            return
        }
        (transportOwner ?? publisher).publisherConnection.onPacket(packet, size: buffer.readableBytes, now: now)
        guard let (track, rid, isRepair) = route(packet, from: publisher) else {
            counters.packetsDropped &+= 1
            return
        }
        if isRepair {
            // RFC 4588 §4: the original is inside; an RTX packet without one
            // is a padding probe, and one repeating a packet we have (a
            // sender probing with payload) is a duplicate: neither goes on.
            guard let original = Self.unwrapRepair(packet, track: track, rid: rid) else { return }
            if let stream = track.inbound[original.ssrc], let nacks = stream.nacks,
                !nacks.isMissing(original.sequenceNumber)
            {
                return
            }
            packet = original
        }
        track.packetsReceived &+= 1
        track.bytesReceived &+= UInt64(buffer.readableBytes)
        let ssrc = packet.ssrc
        if track.inbound[ssrc] == nil {
            let codec = track.media.codecs.first?.codec
            track.inbound[ssrc] = InboundStream(
                ssrc: ssrc, rid: rid, clockRate: codec?.clockRate ?? 90_000,
                usesNACK: codec?.feedback.contains { $0.type == "nack" && $0.subtype == nil } ?? false,
                history: track.kind == .video ? limits.retransmissionHistory : nil)
        }
        // Stored here, once, for every subscriber's NACKs.
        let received = track.inbound[ssrc]?.receive(packet, size: buffer.readableBytes, now: now)
        if received?.recovered == true { counters.packetsRecovered &+= 1 }
        if track.kind == .audio, track.audioLevelExtensionID != 0,
            let level = try? packet.extensionValue(AudioLevelExtension.self, id: track.audioLevelExtensionID)
        {
            track.audioLevel.add(level: level.level)
        }
        // Recorders take the highest layer seen, as received.
        if !sinks.isEmpty, track.forwardedRID == nil || rid == track.forwardedRID {
            feedSinks(buffer, track: track, now: now)
        }
        forward(packet, of: track, layer: rid, stored: received?.stored, now: now)
    }

    /// Writes `packet` of layer `layer` to every subscription that gets it.
    private func forward(
        _ packet: RTPPacket, of track: PublishedTrack, layer: String, stored: SourcePacketHistory.Index?,
        now: NIODeadline
    ) {
        // Parsed once here; every subscriber's rewriter reuses it.
        let frame = track.kind == .video
            ? VideoFrameInfo(packet, family: track.codecFamily(of: packet.payloadType)) : VideoFrameInfo()
        if frame.temporalLayer != nil { track.hasTemporalLayers = true }
        if frame.isKeyframe, let width = frame.width, let height = frame.height {
            track.inbound[packet.ssrc]?.frameWidth = width
            track.inbound[packet.ssrc]?.frameHeight = height
        }
        let absSendTime = AbsoluteSendTimeExtension(nanoseconds: UInt64(max(0, now.uptimeNanoseconds)))
        var sawKeyframe = false
        let packetKind: SubscriberConnection.PacketKind = track.kind == .video ? .video : .audio
        for subscription in track.subscriptions.values where subscription.outbound != nil {
            let subscriber = subscription.subscriber
            guard let link = subscriber.link else { continue }
            if track.kind == .video {
                guard subscription.shouldForward(layer: layer, frame: frame, simulcast: track.isSimulcast) else {
                    continue
                }
            }
            // A buffer of the room's ring, its storage reused once the
            // socket let go of its last packet; the rewriter sizes it.
            // (One binding: a second one would hold the storage and make
            // the rewriter's clear() copy it.)
            var taken = sendBuffers.take()
            defer { sendBuffers.giveBack(taken.buffer, slot: taken.slot) }
            let result = subscription.outbound?.write(
                packet, frame: frame, stored: stored, into: &taken.buffer, absSendTime: absSendTime.rawValue, now: now)
            guard case .forwarded(_, let isKeyframe)? = result,
                let transportWideCCID = subscription.outbound?.transportWideCCID
            else { continue }
            sawKeyframe = sawKeyframe || isKeyframe
            let size = taken.buffer.readableBytes
            if subscriber.subscriberConnection.send(
                &taken.buffer, packetKind, transportWideCCID: transportWideCCID, on: link, now: now,
                transportSequenceOffset: subscription.outbound?.transportSequenceOffset)
            {
                counters.packetsForwarded &+= 1
                counters.bytesForwarded &+= UInt64(size)
            }
        }
        if sawKeyframe || frame.isKeyframe { track.keyframeRequests[layer]?.keyframeReceived(now: now) }
    }

    /// The original packet inside an RTX packet (RFC 4588 §4): the
    /// original sequence number from the first two payload bytes, the
    /// media SSRC and payload type, the rest of the payload. Nil for a
    /// packet with no original (padding) or an unknown payload type.
    static func unwrapRepair(_ packet: RTPPacket, track: PublishedTrack, rid: String) -> RTPPacket? {
        guard let codec = track.media.codecs.first(where: { $0.rtxPayloadType == packet.payloadType }),
            let ssrc = track.ssrcsByRID[rid] ?? (rid.isEmpty ? track.media.ssrc : nil),
            let payload = packet.header.payload(in: packet.buffer), payload.readableBytes > 2,
            let originalSequenceNumber = payload.getInteger(at: payload.readerIndex, as: UInt16.self),
            var header = packet.buffer.getSlice(at: packet.buffer.readerIndex, length: packet.header.headerLength)
        else { return nil }
        var out = ByteBuffer()
        out.reserveCapacity(header.readableBytes + payload.readableBytes - 2)
        out.writeBuffer(&header)
        // No padding in the rebuilt packet; the payload ends the packet.
        out.setInteger((out.getInteger(at: 0, as: UInt8.self) ?? 0x80) & ~0x20, at: 0)
        out.setInteger((packet.marker ? 0x80 : 0) | (codec.payloadType & 0x7F), at: 1)
        out.setInteger(originalSequenceNumber, at: 2)
        out.setInteger(ssrc, at: 8)
        var rest = payload
        rest.moveReaderIndex(forwardBy: 2)
        out.writeImmutableBuffer(rest)
        return try? RTPPacket(parsing: out)
    }
}

extension Subscription {
    /// Whether a video packet of `layer` goes to this subscriber: not while
    /// paused; with simulcast only its current layer, or its target layer
    /// from a keyframe on (the switch happens there, with the rewriter
    /// keeping numbering continuous); temporal layers above the limit are
    /// taken out of the numbering.
    func shouldForward(layer: String, frame: VideoFrameInfo, simulcast: Bool) -> Bool {
        if isPaused || settings.disabled { return false }
        if simulcast, layer != currentLayer {
            guard layer == targetLayer, frame.isKeyframe else { return false }
            if currentLayer != nil { outbound?.rewriter.switchSource() }
            currentLayer = layer
            targetLayer = nil
        } else if !simulcast, currentLayer == nil {
            currentLayer = layer
        }
        if let limit = maxTemporalLayer, let temporal = frame.temporalLayer, temporal > limit {
            outbound?.rewriter.skip(
                sequenceNumber: frame.sequenceNumber, pictureID: frame.pictureID, longPictureID: frame.hasLongPictureID)
            return false
        }
        return true
    }
}
