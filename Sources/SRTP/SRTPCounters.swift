/// Per-session packet counters for metrics. Byte counts are wire (SRTP)
/// sizes: after protect, before unprotect.
public struct SRTPCounters: Sendable, Hashable {
    /// RTP packets protected.
    public var rtpProtectedPackets: UInt64 = 0
    /// Bytes of the protected RTP packets.
    public var rtpProtectedBytes: UInt64 = 0
    /// RTCP packets protected.
    public var rtcpProtectedPackets: UInt64 = 0
    /// Bytes of the protected RTCP packets.
    public var rtcpProtectedBytes: UInt64 = 0
    /// RTP packets unprotected successfully.
    public var rtpUnprotectedPackets: UInt64 = 0
    /// Bytes of those SRTP packets as received.
    public var rtpUnprotectedBytes: UInt64 = 0
    /// RTCP packets unprotected successfully.
    public var rtcpUnprotectedPackets: UInt64 = 0
    /// Bytes of those SRTCP packets as received.
    public var rtcpUnprotectedBytes: UInt64 = 0
    /// Packets (RTP or RTCP) whose tag did not verify.
    public var authenticationFailures: UInt64 = 0
    /// Packets rejected as replays or too old for the window.
    public var replayFailures: UInt64 = 0
    /// Packets shorter than a header plus trailer, or malformed.
    public var malformedPackets: UInt64 = 0
    /// Any other failure (unknown SSRC, other libsrtp2 statuses).
    public var otherFailures: UInt64 = 0
    /// SSRC streams removed to stay within `Options.maxStreams`.
    public var streamsEvicted: UInt64 = 0

    /// Zero counters.
    public init() {}

    /// Adds another session's counts to these.
    mutating func add(_ other: SRTPCounters) {
        rtpProtectedPackets &+= other.rtpProtectedPackets
        rtpProtectedBytes &+= other.rtpProtectedBytes
        rtcpProtectedPackets &+= other.rtcpProtectedPackets
        rtcpProtectedBytes &+= other.rtcpProtectedBytes
        rtpUnprotectedPackets &+= other.rtpUnprotectedPackets
        rtpUnprotectedBytes &+= other.rtpUnprotectedBytes
        rtcpUnprotectedPackets &+= other.rtcpUnprotectedPackets
        rtcpUnprotectedBytes &+= other.rtcpUnprotectedBytes
        authenticationFailures &+= other.authenticationFailures
        replayFailures &+= other.replayFailures
        malformedPackets &+= other.malformedPackets
        otherFailures &+= other.otherFailures
        streamsEvicted &+= other.streamsEvicted
    }

    /// Counts one failure by kind.
    mutating func record(_ error: SRTPError) {
        switch error {
        case .authenticationFailed: authenticationFailures &+= 1
        case .replayed: replayFailures &+= 1
        case .badParameter, .bufferTooSmall: malformedPackets &+= 1
        case .noContext, .libsrtp, .badKeyingMaterialLength: otherFailures &+= 1
        }
    }
}
