import NIOCore

/// Maps the RTP timestamps of one stream to milliseconds on a clock shared
/// by all streams of a recording, whose zero is `origin`.
///
/// Until a sender report is applied, the first packet's arrival anchors
/// the stream: its timestamp is placed at its arrival time. A sender report
/// (NTP time ↔ RTP timestamp, RFC 3550 §6.4.1) re-anchors the stream on
/// the sender's wall clock through a `SenderClock` shared by all streams of
/// that sender, so its audio and video line up (lip sync) whatever their
/// clock rates and first arrivals. Timestamps are unwrapped past 2^32.
public struct RTPTimeline: Sendable {
    /// The RTP clock rate (90,000 for video, 48,000 for Opus).
    public let clockRate: Int64
    /// Zero of the shared clock.
    public let origin: NIODeadline

    /// An unwrapped RTP timestamp and the shared-clock millisecond it maps to.
    private var anchor: (timestamp: Int64, milliseconds: Int64)?
    /// The latest timestamp seen, unwrapped: the reference for unwrapping.
    private var latest: (raw: UInt32, unwrapped: Int64)?

    /// `clockRate` below 1 is taken as 1.
    public init(clockRate: Int, origin: NIODeadline) {
        self.clockRate = Int64(max(clockRate, 1))
        self.origin = origin
    }

    /// Whether a sender report anchors the stream (else the first arrival).
    public private(set) var isSynchronized = false

    /// Notes a packet's arrival; the first one anchors the stream until a
    /// sender report does.
    public mutating func noteArrival(rtpTimestamp: UInt32, at arrival: NIODeadline) {
        let unwrapped = unwrap(rtpTimestamp)
        if anchor == nil {
            anchor = (unwrapped, Self.milliseconds(from: origin, to: arrival))
        }
    }

    /// Re-anchors the stream on a sender report of its SSRC: the report's
    /// RTP timestamp is placed where `clock` puts its NTP timestamp.
    public mutating func applySenderReport(ntpTimestamp: UInt64, rtpTimestamp: UInt32, clock: SenderClock) {
        anchor = (unwrap(rtpTimestamp), clock.milliseconds(forNTP: ntpTimestamp))
        isSynchronized = true
    }

    /// The shared-clock millisecond of `rtpTimestamp`. Before any arrival
    /// or report, that timestamp becomes the anchor at millisecond 0.
    public mutating func milliseconds(for rtpTimestamp: UInt32) -> Int64 {
        let unwrapped = unwrap(rtpTimestamp)
        guard let anchor else {
            self.anchor = (unwrapped, 0)
            return 0
        }
        let ticks = unwrapped &- anchor.timestamp
        // Saturating: only absurd input (billions of 2^31 jumps) reaches it.
        let (product, overflow) = ticks.multipliedReportingOverflow(by: 1_000)
        let scaled = overflow ? (ticks < 0 ? Int64.min / 2 : Int64.max / 2) : product
        // Floor division so that times before the anchor stay monotonic.
        let quotient = scaled / clockRate
        let floored = (scaled % clockRate != 0 && scaled < 0) ? quotient - 1 : quotient
        return anchor.milliseconds &+ floored
    }

    /// Unwraps against the latest timestamp: the nearer of the candidates
    /// (RFC 3550 §A.1's rule for sequence numbers, applied to 32 bits).
    private mutating func unwrap(_ timestamp: UInt32) -> Int64 {
        guard let latest else {
            self.latest = (timestamp, Int64(timestamp))
            return Int64(timestamp)
        }
        let delta = Int64(Int32(bitPattern: timestamp &- latest.raw))
        let unwrapped = latest.unwrapped &+ delta
        if delta > 0 { self.latest = (timestamp, unwrapped) }
        return unwrapped
    }

    static func milliseconds(from origin: NIODeadline, to time: NIODeadline) -> Int64 {
        (time - origin).nanoseconds / 1_000_000
    }
}

/// Where one sender's wall clock (the NTP timestamps of its sender
/// reports) falls on the shared clock. Made once per sender from its first
/// sender report and shared by all its streams, so they stay in step.
/// Network delay is not known, so the offset is off by the report's one-way
/// delay, the same for all of the sender's streams.
public struct SenderClock: Sendable, Hashable {
    /// The sender's NTP time, in milliseconds, at shared-clock zero.
    public var ntpMillisecondsAtOrigin: Int64

    public init(ntpMillisecondsAtOrigin: Int64) {
        self.ntpMillisecondsAtOrigin = ntpMillisecondsAtOrigin
    }

    /// From a sender report's NTP timestamp and its arrival time.
    public init(ntpTimestamp: UInt64, arrival: NIODeadline, origin: NIODeadline) {
        self.ntpMillisecondsAtOrigin =
            Self.milliseconds(ntpTimestamp: ntpTimestamp) - RTPTimeline.milliseconds(from: origin, to: arrival)
    }

    /// The shared-clock millisecond of an NTP timestamp of this sender.
    public func milliseconds(forNTP ntpTimestamp: UInt64) -> Int64 {
        Self.milliseconds(ntpTimestamp: ntpTimestamp) - ntpMillisecondsAtOrigin
    }

    /// A 64-bit NTP timestamp (32.32 fixed point seconds) in milliseconds.
    static func milliseconds(ntpTimestamp: UInt64) -> Int64 {
        let seconds = Int64(ntpTimestamp >> 32)
        let fraction = Int64(ntpTimestamp & 0xFFFF_FFFF)
        return seconds * 1_000 + (fraction * 1_000) >> 32
    }
}
