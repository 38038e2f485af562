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

/// Counters of one down track.
public struct DownTrackCounters: Sendable, Hashable {
    /// Packets written.
    public internal(set) var packetsForwarded: UInt64 = 0
    /// Bytes written (whole RTP packets, before SRTP).
    public internal(set) var bytesForwarded: UInt64 = 0
    public internal(set) var droppedWaitingForKeyframe: UInt64 = 0
    public internal(set) var droppedCodecNotAccepted: UInt64 = 0
    public internal(set) var droppedUnknownPayloadType: UInt64 = 0
    public internal(set) var droppedPaddingOnly: UInt64 = 0
    public internal(set) var droppedMalformedPayload: UInt64 = 0
    public internal(set) var droppedTooOld: UInt64 = 0

    public init() {}

    /// Packets dropped for `reason`.
    public func dropped(_ reason: DropReason) -> UInt64 {
        switch reason {
        case .waitingForKeyframe: droppedWaitingForKeyframe
        case .codecNotAccepted: droppedCodecNotAccepted
        case .unknownPayloadType: droppedUnknownPayloadType
        case .paddingOnly: droppedPaddingOnly
        case .malformedPayload: droppedMalformedPayload
        case .tooOld: droppedTooOld
        }
    }

    /// Packets dropped for any reason.
    public var packetsDropped: UInt64 {
        DropReason.allCases.reduce(0) { $0 &+ dropped($1) }
    }

    mutating func countDrop(_ reason: DropReason) {
        switch reason {
        case .waitingForKeyframe: droppedWaitingForKeyframe &+= 1
        case .codecNotAccepted: droppedCodecNotAccepted &+= 1
        case .unknownPayloadType: droppedUnknownPayloadType &+= 1
        case .paddingOnly: droppedPaddingOnly &+= 1
        case .malformedPayload: droppedMalformedPayload &+= 1
        case .tooOld: droppedTooOld &+= 1
        }
    }

    mutating func countForward(bytes: Int) {
        packetsForwarded &+= 1
        bytesForwarded &+= UInt64(bytes)
    }
}
