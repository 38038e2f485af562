import RTP
import NIOCore
import RTCP

/// Receive side of transport-wide congestion control
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01), one per transport:
/// records the transport-wide sequence number and arrival time of every
/// packet carrying the extension and turns them into feedback packets.
public struct TWCCRecorder: Sendable {
    /// Largest packet status count put in one feedback packet.
    public static let defaultMaxPacketsPerFeedback = 1000
    /// Pending arrivals kept at most when `feedback` is not called.
    static let maxPending = 10_000
    /// Largest delta between neighbouring arrivals kept in one packet; a
    /// delta is an Int16 of 250 µs ticks (±8.19 s), so stay clear of it.
    static let maxDeltaMicroseconds: Int64 = 8_000_000
    /// Reference time is 24 bits of 64 ms; it wraps after 2^24 units.
    static let referenceTimeModulus: Int64 = 1 << 24

    private struct Arrival: Sendable {
        var extended: Int64
        /// Microseconds since `epoch`.
        var time: Int64
    }

    /// SSRC put in the feedback's sender field.
    public var senderSSRC: UInt32
    /// SSRC put in the feedback's media field (libwebrtc uses the first media SSRC).
    public var mediaSSRC: UInt32
    /// Largest packet status count of one feedback packet built here.
    public let maxPacketsPerFeedback: Int
    private var unwrapper = SequenceNumberUnwrapper()
    private var epoch: NIODeadline?
    /// Arrivals not yet reported, in increasing extended order.
    private var pending: [Arrival] = []
    /// Everything below was reported already; later arrivals of those are ignored.
    private var nextToReport: Int64?
    private var feedbackPacketCount: UInt8 = 0
    /// Packets ignored because their feedback had been sent already, or duplicates.
    public private(set) var lateOrDuplicateCount = 0

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, maxPacketsPerFeedback: Int = Self.defaultMaxPacketsPerFeedback) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.maxPacketsPerFeedback = min(max(maxPacketsPerFeedback, 1), Int(UInt16.max))
        pending.reserveCapacity(256)
    }

    /// Whether arrivals wait to be reported.
    public var hasPendingFeedback: Bool { !pending.isEmpty }

    /// Records the arrival of the packet with `transportSequenceNumber`.
    public mutating func onPacket(transportSequenceNumber: UInt16, arrival: NIODeadline) {
        let extended = unwrapper.unwrap(transportSequenceNumber)
        if let nextToReport, extended < nextToReport {
            lateOrDuplicateCount += 1
            return
        }
        let start = epoch ?? arrival
        epoch = start
        let time = max((arrival - start).nanoseconds / 1000, 0)
        let record = Arrival(extended: extended, time: time)
        if let last = pending.last, last.extended >= extended {
            // Reordered: insert in place (rare, so a linear search from the end is fine).
            var index = pending.count - 1
            while index > 0, pending[index - 1].extended >= extended { index -= 1 }
            guard pending[index].extended != extended else {
                lateOrDuplicateCount += 1
                return
            }
            pending.insert(record, at: index)
        } else {
            pending.append(record)
        }
        if pending.count > Self.maxPending {
            pending.removeFirst(pending.count - Self.maxPending)
            nextToReport = pending.first?.extended
        }
    }

    /// Feedback packets for every arrival recorded since the last call
    /// (call every 50-100 ms). Packets skipped since the last feedback are
    /// reported lost; a new packet starts when the status count would pass
    /// `maxPacketsPerFeedback` or an arrival delta would not fit.
    public mutating func feedback(now: NIODeadline) -> [TransportLayerCC] {
        guard !pending.isEmpty else { return [] }
        var packets: [TransportLayerCC] = []
        var results: [TWCCPacketResult] = []
        results.reserveCapacity(min(pending.count, maxPacketsPerFeedback))
        var base = pending[0].extended
        if let next = nextToReport, base - next < Int64(maxPacketsPerFeedback) { base = next }
        var reference = pending[0].time / TransportLayerCC.referenceTimeUnit
        var previousTime = reference * TransportLayerCC.referenceTimeUnit
        for arrival in pending {
            let tooMany = arrival.extended - base >= Int64(maxPacketsPerFeedback)
            let deltaTooLarge = abs(arrival.time - previousTime) > Self.maxDeltaMicroseconds
            if !results.isEmpty, tooMany || deltaTooLarge {
                if let packet = makePacket(base: base, reference: reference, results: results) { packets.append(packet) }
                results.removeAll(keepingCapacity: true)
                base = arrival.extended
                reference = arrival.time / TransportLayerCC.referenceTimeUnit
                previousTime = reference * TransportLayerCC.referenceTimeUnit
            }
            results.append(
                TWCCPacketResult(
                    sequenceNumber: UInt16(truncatingIfNeeded: arrival.extended),
                    arrivalTime: arrival.time))
            previousTime = arrival.time
        }
        if let packet = makePacket(base: base, reference: reference, results: results) { packets.append(packet) }
        nextToReport = pending[pending.count - 1].extended + 1
        pending.removeAll(keepingCapacity: true)
        return packets
    }

    /// One feedback packet; the reference time wraps at 24 bits as on the
    /// wire, arrival times are shifted by the same amount.
    private mutating func makePacket(base: Int64, reference: Int64, results: [TWCCPacketResult]) -> TransportLayerCC? {
        let wrapped = reference % Self.referenceTimeModulus
        let shift = (reference - wrapped) * TransportLayerCC.referenceTimeUnit
        // The RTCP type keeps the 24-bit field signed; map the upper half there.
        let signed = wrapped > Int64(TransportLayerCC.referenceTimeRange.upperBound) ? wrapped - Self.referenceTimeModulus : wrapped
        let adjustedShift = shift + (wrapped - signed) * TransportLayerCC.referenceTimeUnit
        var shifted = results
        for index in shifted.indices {
            shifted[index].arrivalTime = shifted[index].arrivalTime.map { $0 - adjustedShift }
        }
        let count = feedbackPacketCount
        guard
            let packet = try? TransportLayerCC(
                senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, feedbackPacketCount: count,
                baseSequenceNumber: UInt16(truncatingIfNeeded: base), referenceTime: Int32(signed),
                packets: shifted)
        else { return nil }
        feedbackPacketCount &+= 1
        return packet
    }
}
