import NIOCore
import RTCP

/// One subscriber's REMB estimates added up across its senders of REMB.
/// Some receivers estimate per stream (aiortc sends one REMB per video
/// receiver, each naming only its SSRC), others once for the whole PC
/// (Chromium names every SSRC): the subscriber's bandwidth is the sum of
/// the latest REMB of each distinct SSRC set. A REMB whose SSRCs overlap an
/// earlier entry replaces it; entries not refreshed for `lifetime` go.
struct REMBAggregate {
    private struct Entry {
        var ssrcs: Set<UInt32>
        var bitrate: UInt64
        var at: NIODeadline
    }

    /// Receivers send REMB about once a second and on every drop.
    static let lifetime = TimeAmount.seconds(3)
    /// Distinct SSRC sets kept at most (a subscriber naming garbage SSRCs
    /// must not grow this without bound).
    static let maxEntries = 32

    private var entries: [Entry] = []

    /// Takes `remb` received at `now`; returns the subscriber's total.
    mutating func add(_ remb: ReceiverEstimatedMaximumBitrate, now: NIODeadline) -> UInt64 {
        let ssrcs = Set(remb.ssrcs)
        entries.removeAll { entry in
            now - entry.at > Self.lifetime || ssrcs.isEmpty || entry.ssrcs.isEmpty || !entry.ssrcs.isDisjoint(with: ssrcs)
        }
        if entries.count >= Self.maxEntries { entries.removeFirst() }
        entries.append(Entry(ssrcs: ssrcs, bitrate: remb.bitrate, at: now))
        // Saturating: bitrates are the peer's (up to 2^63 and more), and a
        // wrapped sum would turn two huge claims into a tiny one.
        return entries.reduce(0) { total, entry in
            let (sum, overflow) = total.addingReportingOverflow(entry.bitrate)
            return overflow ? .max : sum
        }
    }
}
