import MediaTransport
import NIOCore
import RTCP
import RTP
import RTPStreams

/// What the bot's two peer transports report: media in (measured, fed
/// back), RTCP in (keyframe requests and NACKs answered), closes.
extension BotMedia: PeerTransportDelegate {
    func peerTransportDidConnect(_ peer: PeerTransport) {
        logger.debug("bot transport connected", metadata: ["pc": "\(peer === publishTransport ? "publish" : "subscribe")"])
        if peer === subscribeTransport, subscribeConnectedAt == nil { subscribeConnectedAt = .now() }
        if peer === publishTransport {
            let start = Int64(NIODeadline.now().uptimeNanoseconds)
            for index in outgoing.indices { outgoing[index].resetClock(start: start) }
        }
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer) {
        receive(packet, from: peer, verified: true)
    }

    /// Counted by its clear header only: sequence, loss, TWCC arrival.
    func peerTransport(_ peer: PeerTransport, didReceiveUnverifiedRTP packet: ByteBuffer) {
        receive(packet, from: peer, verified: false)
    }

    private func receive(_ packet: ByteBuffer, from peer: PeerTransport, verified: Bool) {
        guard peer === subscribeTransport, let parsed = try? RTPPacket(parsing: packet) else { return }
        let now = NIODeadline.now()
        if firstPacketAt == nil { firstPacketAt = now }
        let ssrc = parsed.ssrc
        // Every numbered packet is acknowledged, as a browser does: padding
        // probes come on RTX streams that are not measured below.
        if sendsTransportFeedback, let id = twccExtensionID,
            let sequence = try? parsed.extensionValue(TransportSequenceNumberExtension.self, id: id)
        {
            if twcc == nil { twcc = TWCCRecorder(senderSSRC: localSSRC, mediaSSRC: ssrc) }
            twcc?.onPacket(transportSequenceNumber: sequence.sequenceNumber, arrival: now)
        }
        if incoming[ssrc] == nil {
            guard let expected = expectedSSRCs[ssrc] else { return }
            incoming[ssrc] = IncomingStream(
                ssrc: ssrc, clockRate: expected.clockRate, isVideo: expected.isVideo, publisher: expected.publisher,
                wantedSince: max(joinedAt, expected.offeredAt), sendLog: registry?.log(of: expected.publisher),
                tracksFrames: verifyEvery == 1)
        }
        if let sample = incoming[ssrc]?.receive(parsed, size: packet.readableBytes, now: now, verified: verified) {
            latency.record(microseconds: sample)
            intervalLatency.record(microseconds: sample)
        }
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {
        guard peer === publishTransport else { return }
        var iterator = RTCPPacketIterator(packet)
        while let element = try? iterator.next() {
            guard let parsed = try? iterator.packet(element) else { continue }
            switch parsed {
            case .pictureLossIndication(let pli):
                keyframeRequest(for: pli.mediaSSRC)
            case .fullIntraRequest(let fir):
                for entry in fir.entries { keyframeRequest(for: entry.ssrc) }
            case .transportLayerNACK(let nack):
                answer(nack, on: peer)
            default:
                break
            }
        }
    }

    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {
        if reason != .closedByOwner {
            logger.info("bot transport closed", metadata: ["reason": "\(reason)"])
            if !closed { onTransportFailure?() }
        }
    }

    private func keyframeRequest(for ssrc: UInt32) {
        keyframeRequestsReceived &+= 1
        for index in outgoing.indices where outgoing[index].ssrc == ssrc {
            outgoing[index].restartAtKeyframe()
        }
    }

    private func answer(_ nack: TransportLayerNACK, on peer: PeerTransport) {
        guard let index = outgoing.firstIndex(where: { $0.ssrc == nack.mediaSSRC }) else { return }
        for lost in nack.lostSequenceNumbers {
            nacksReceived &+= 1
            if var packet = outgoing[index].retransmission(of: lost, transportSequence: &transportSequence) {
                peer.sendRTP(&packet)
            }
        }
    }
}
