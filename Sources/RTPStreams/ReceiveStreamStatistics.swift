import RTP
import NIOCore
import RTCP

/// Reception statistics of one inbound RTP stream (RFC 3550 §A.1, §A.3,
/// §A.8): sequence tracking, loss, interarrival jitter and the last SR,
/// turned into a `ReceptionReport` block on demand.
public struct ReceiveStreamStatistics: Sendable {
    /// RTP clock rate of the stream (Hz), used to express jitter in RTP units.
    public let clockRate: UInt32

    private var unwrapper = SequenceNumberUnwrapper()
    /// Extended sequence number of the first packet (base_seq).
    private var base: Int64?
    /// Packets received, duplicates and retransmissions included (§A.3).
    public private(set) var packetsReceived: UInt64 = 0
    private var expectedPrior: Int64 = 0
    private var receivedPrior: UInt64 = 0
    /// Jitter scaled by 16, as in §A.8's integer version.
    private var jitterQ4: Int64 = 0
    /// Relative transit time of the previous in-order packet, mod 2^32.
    private var lastTransit: UInt32?
    /// Arrival of the first packet; arrival times in RTP units count from it.
    private var firstArrival: NIODeadline?
    /// Middle 32 bits of the NTP time of the last SR, and when it arrived.
    public private(set) var lastSenderReport: UInt32 = 0
    public private(set) var lastSenderReportArrival: NIODeadline?

    /// A stream whose RTP clock runs at `clockRate` Hz (90000 video, 48000 Opus).
    public init(clockRate: UInt32) {
        self.clockRate = max(clockRate, 1)
    }

    /// Extended highest sequence number received, as reported (cycles << 16 | seq).
    public var extendedHighestSequenceNumber: UInt32 {
        // The unwrapper starts one cycle up; report cycles from zero.
        UInt32(truncatingIfNeeded: (unwrapper.highest ?? 65_536) - 65_536)
    }

    /// Packets expected so far: highest - base + 1 (§A.3).
    public var packetsExpected: Int64 {
        guard let base, let highest = unwrapper.highest else { return 0 }
        return highest - base + 1
    }

    /// Cumulative packets lost, negative when duplicates outnumber losses (§A.3).
    public var cumulativeLost: Int64 {
        packetsExpected - Int64(truncatingIfNeeded: packetsReceived)
    }

    /// Interarrival jitter in RTP timestamp units (§A.8).
    public var jitter: UInt32 {
        UInt32(truncatingIfNeeded: jitterQ4 >> 4)
    }

    /// Records one received RTP packet.
    public mutating func onPacket(sequenceNumber: UInt16, rtpTimestamp: UInt32, arrival: NIODeadline) {
        let previousHighest = unwrapper.highest
        let extended = unwrapper.unwrap(sequenceNumber)
        if base == nil { base = extended }
        packetsReceived &+= 1
        // Jitter only from packets that advance the stream: a retransmission or
        // a late packet would add its recovery delay, not network jitter.
        guard previousHighest.map({ extended > $0 }) ?? true else { return }
        let first = firstArrival ?? arrival
        firstArrival = first
        let microseconds = Int64(clamping: (arrival - first).nanoseconds / 1000)
        let (scaled, overflow) = microseconds.multipliedReportingOverflow(by: Int64(clockRate))
        let arrivalUnits = UInt32(truncatingIfNeeded: overflow ? 0 : scaled / 1_000_000)
        // Transit and its difference are taken mod 2^32: timestamps wrap (§A.8).
        let transit = arrivalUnits &- rtpTimestamp
        if let lastTransit {
            let d = Int64(Int32(truncatingIfNeeded: transit &- lastTransit)).magnitude
            jitterQ4 += Int64(d) - ((jitterQ4 + 8) >> 4)
        }
        lastTransit = transit
    }

    /// Records the NTP time of a sender report for this stream (LSR, §6.4.1).
    public mutating func onSenderReport(ntpTime: UInt64, arrival: NIODeadline) {
        lastSenderReport = UInt32(truncatingIfNeeded: ntpTime >> 16)
        lastSenderReportArrival = arrival
    }

    /// Records a sender report for this stream.
    public mutating func onSenderReport(_ report: SenderReport, arrival: NIODeadline) {
        onSenderReport(ntpTime: report.ntpTime, arrival: arrival)
    }

    /// The report block for this stream at `now`, and the start of a new
    /// reporting interval for the fraction lost (§A.3).
    public mutating func receptionReport(ssrc: UInt32, now: NIODeadline) -> ReceptionReport {
        let expected = packetsExpected
        let expectedInterval = expected - expectedPrior
        let receivedInterval = Int64(truncatingIfNeeded: packetsReceived &- receivedPrior)
        expectedPrior = expected
        receivedPrior = packetsReceived
        let lostInterval = expectedInterval - receivedInterval
        var fraction: UInt8 = 0
        if expectedInterval > 0, lostInterval > 0 {
            fraction = UInt8(clamping: (lostInterval << 8) / expectedInterval)
        }
        let totalLost = Int32(
            clamping: min(
                max(cumulativeLost, Int64(ReceptionReport.totalLostRange.lowerBound)),
                Int64(ReceptionReport.totalLostRange.upperBound)))
        var delay: UInt32 = 0
        if let arrival = lastSenderReportArrival {
            // DLSR in 1/65536 s.
            // Past 2^32 / 65536 s the field saturates; clamp first so the product cannot overflow.
            let microseconds = min(max((now - arrival).nanoseconds / 1000, 0), 100_000_000_000)
            delay = UInt32(clamping: microseconds * 65_536 / 1_000_000)
        }
        return ReceptionReport(
            ssrc: ssrc, fractionLost: fraction, totalLost: totalLost,
            extendedHighestSequenceNumber: extendedHighestSequenceNumber, jitter: jitter,
            lastSenderReport: lastSenderReport, delaySinceLastSenderReport: delay)
    }
}
