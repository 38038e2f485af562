import SDP

extension SubscribeNegotiator {
    /// Applies the client's answer to the pending offer. Returns what the
    /// forwarder needs for every m-line that carries a track and that the
    /// client accepted to receive; stores the client's transport parameters.
    /// On error nothing changes and the offer stays pending.
    ///
    /// Throws when no offer is pending, when the answer's m-lines differ
    /// from the offer's (count, mids, kinds; RFC 8829 §5.3.1), when an
    /// accepted m-line lacks rtcp-mux, ICE credentials or fingerprint, when
    /// its role is not `active`/`passive`, or when it kept none of our codecs.
    public mutating func applyAnswer(_ answer: SessionDescription) throws(NegotiationError) -> [SubscribedMedia] {
        guard let offer = pendingOffer else { throw .noPendingOffer }
        guard answer.media.count == offer.media.count else {
            throw .mediaCountMismatch(expected: offer.media.count, actual: answer.media.count)
        }
        var remote: RemoteTransportParameters?
        var rejected: [Int] = []
        var result: [SubscribedMedia] = []
        var data: (rejected: Bool, accepted: NegotiatedDataChannel?)?
        let lines = mLines
        for (position, answered) in answer.media.enumerated() {
            guard let index = lines[position] else {
                guard let slot = dataChannel else { continue }
                guard answered.mid == slot.mid else {
                    throw .midMismatch(mLineIndex: position, expected: slot.mid, actual: answered.mid)
                }
                guard answered.media == "application" else {
                    throw .kindMismatch(mid: slot.mid, expected: "application", actual: answered.media)
                }
                if slot.isRejected { continue }
                if answered.isRejected || !DataChannelSDP.isDataChannel(answered) {
                    data = (true, nil)
                    continue
                }
                let parameters = try RemoteTransportParameters(of: answered, in: answer, mid: slot.mid)
                guard parameters.localSetupRole != nil else { throw .badSetupRole(mid: slot.mid, parameters.setupRole) }
                if remote == nil { remote = parameters }
                data = (false, DataChannelSDP.remote(of: answered, mid: slot.mid))
                continue
            }
            let slot = slots[index]
            guard answered.mid == slot.mid else {
                throw .midMismatch(mLineIndex: position, expected: slot.mid, actual: answered.mid)
            }
            guard answered.media == slot.kind.rawValue else {
                throw .kindMismatch(mid: slot.mid, expected: slot.kind.rawValue, actual: answered.media)
            }
            if slot.isRejected { continue }
            if answered.isRejected {
                rejected.append(index)
                continue
            }
            guard answered.isRTCPMux else { throw .missingRTCPMux(mid: slot.mid) }
            let parameters = try RemoteTransportParameters(of: answered, in: answer, mid: slot.mid)
            guard parameters.localSetupRole != nil else { throw .badSetupRole(mid: slot.mid, parameters.setupRole) }
            if remote == nil { remote = parameters }

            guard let track = slot.track, let ssrc = slot.ssrc, answer.direction(of: answered).receives else { continue }
            let codecs = Self.acceptedCodecs(offered: slot.codecs, answered: answered)
            guard !codecs.isEmpty else { throw .noCommonCodec(mid: slot.mid) }
            var extensions = HeaderExtensionIDs()
            for map in answered.extensionMaps where track.headerExtensions[map.uri] != nil && (1...255).contains(map.id) {
                extensions[map.uri] = UInt8(map.id)
            }
            let hasRTX = codecs.contains { $0.rtxPayloadType != nil }
            result.append(
                SubscribedMedia(
                    mid: slot.mid, kind: slot.kind, codecs: codecs, extensions: extensions, ssrc: ssrc,
                    rtxSSRC: hasRTX ? slot.rtxSSRC : nil))
        }
        for index in rejected {
            slots[index].isRejected = true
            slots[index].track = nil
            slots[index].ssrc = nil
            slots[index].rtxSSRC = nil
        }
        if let data {
            dataChannel?.isRejected = data.rejected
            dataChannel?.accepted = data.accepted
        }
        if let remote { remoteTransport = remote }
        pendingOffer = nil
        return result
    }

    /// Our codecs the answer kept, in the answer's payload types and with its
    /// fmtp and feedback, in our order; RTX only when the answer kept it too.
    static func acceptedCodecs(offered: [MediaCodec], answered: MediaDescription) -> [MediaCodec] {
        let answerCodecs = answered.codecs
        var accepted: [MediaCodec] = []
        for ours in offered {
            // RFC 3264 §6.1: the answer should keep our payload type; match by codec otherwise.
            let match =
                answerCodecs.first { $0.payloadType == ours.payloadType && MediaCodec(codec: $0).isSameCodec(as: ours) }
                ?? answerCodecs.first { !$0.isRTX && MediaCodec(codec: $0).isSameCodec(as: ours) }
            guard let codec = match else { continue }
            let rtx = answered.rtxPayloadType(for: codec.payloadType)
            accepted.append(MediaCodec(codec: codec, rtxPayloadType: ours.rtxPayloadType == nil ? nil : rtx))
        }
        return accepted
    }
}
