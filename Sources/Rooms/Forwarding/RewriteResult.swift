/// What `DownTrackRewriter.rewrite` did with one publisher packet.
public enum RewriteResult: Sendable, Hashable {
    /// The packet was written to the output buffer with this outgoing
    /// sequence number; `isKeyframe` when it starts a keyframe.
    case forwarded(sequenceNumber: UInt16, isKeyframe: Bool)
    /// Nothing was written.
    case dropped(DropReason)
}

/// Why a down track did not forward a packet.
public enum DropReason: Sendable, Hashable, CaseIterable {
    /// Video waits for a keyframe (new down track or after a source switch)
    /// so the subscriber's decoder never starts on a delta frame.
    case waitingForKeyframe
    /// The publisher's codec was not accepted by the subscriber.
    case codecNotAccepted
    /// The payload type is none of the publisher's negotiated codecs.
    case unknownPayloadType
    /// No payload: RTP padding only (bandwidth probing) or empty.
    case paddingOnly
    /// The payload does not parse for its codec (VP8, VP9, H.264).
    case malformedPayload
    /// A late packet from before the current source's first forwarded
    /// packet, or older than the sequence history kept.
    case tooOld
}
