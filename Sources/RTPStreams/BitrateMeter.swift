import NIOCore

/// Bytes seen over the last second, in ten 100 ms buckets: the rate of a
/// stream for REMB and for choosing simulcast layers. Fixed storage, so
/// recording a packet allocates nothing.
public struct BitrateMeter: Sendable {
    static let bucketCount = 10
    static let bucketDuration: Int64 = 100_000_000  // ns

    private var buckets: [Int]
    private var currentBucket: Int64?
    private var firstBucket: Int64?

    public init() {
        buckets = Array(repeating: 0, count: Self.bucketCount)
    }

    /// Records `size` bytes at `time`.
    public mutating func add(size: Int, at time: NIODeadline) {
        advance(to: time)
        if let currentBucket {
            buckets[Int(currentBucket % Int64(Self.bucketCount))] += size
        }
    }

    /// Whether a whole second has been seen since the first packet (before
    /// that `bitrate` undercounts).
    public func hasFullWindow(now: NIODeadline) -> Bool {
        guard let firstBucket else { return false }
        return Int64(clamping: now.uptimeNanoseconds) / Self.bucketDuration - firstBucket >= Int64(Self.bucketCount)
    }

    /// Bits per second over the second before `now`.
    public mutating func bitrate(now: NIODeadline) -> UInt64 {
        advance(to: now)
        return UInt64(buckets.reduce(0, +) * 8)
    }

    /// Moves the ring to `time`'s bucket, zeroing the buckets skipped.
    private mutating func advance(to time: NIODeadline) {
        let bucket = Int64(clamping: time.uptimeNanoseconds) / Self.bucketDuration
        guard let current = currentBucket else {
            currentBucket = bucket
            firstBucket = bucket
            return
        }
        guard bucket > current else { return }
        let steps = min(bucket - current, Int64(Self.bucketCount))
        for step in 1...steps {
            buckets[Int((current + step) % Int64(Self.bucketCount))] = 0
        }
        currentBucket = bucket
    }
}
