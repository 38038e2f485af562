/// Throughput the receiver acknowledged: bytes of packets reported
/// received whose arrival falls in the last `window`, over the window
/// (draft-ietf-rmcat-gcc-02 §5.5's R_hat, measured on arrival times so it
/// never exceeds what the path delivered).
struct AcknowledgedBitrateEstimator: Sendable {
    static let window: Int64 = 500_000  // µs

    private var samples: [(arrival: Int64, bytes: Int)] = []
    private var head = 0
    private var bytesInWindow = 0
    private var firstArrival: Int64?
    private var latestArrival: Int64 = .min

    /// Adds a received packet (arrival in µs on the receiver's clock).
    mutating func add(arrival: Int64, bytes: Int) {
        if firstArrival == nil { firstArrival = arrival }
        samples.append((arrival, bytes))
        bytesInWindow += bytes
        latestArrival = max(latestArrival, arrival)
        while head < samples.count, samples[head].arrival <= latestArrival - Self.window {
            bytesInWindow -= samples[head].bytes
            head += 1
        }
        // Drop the consumed prefix now and then, so the array stays small.
        if head > 256, head * 2 > samples.count {
            samples.removeFirst(head)
            head = 0
        }
    }

    /// Bits per second over the window; nil until a full window was seen.
    var bitrate: Double? {
        guard let firstArrival, latestArrival - firstArrival >= Self.window else { return nil }
        return Double(bytesInWindow) * 8 * 1_000_000 / Double(Self.window)
    }
}
