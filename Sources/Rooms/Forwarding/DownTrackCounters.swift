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
