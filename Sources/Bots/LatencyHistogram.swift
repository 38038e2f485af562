/// Latency samples in logarithmic buckets (about 4% wide, from 10 µs to
/// about 100 s): constant memory, mergeable across bots, percentiles
/// within a bucket's width.
public struct LatencyHistogram: Sendable, Hashable, Codable {
    /// Buckets per doubling.
    static let bucketsPerOctave = 16.0
    static let minimumMicroseconds = 10.0
    static let bucketCount = 16 * 24

    public private(set) var counts: [UInt64]
    public private(set) var count: UInt64 = 0
    public private(set) var sumMicroseconds: Double = 0
    public private(set) var maxMicroseconds: Double = 0

    public init() {
        counts = [UInt64](repeating: 0, count: Self.bucketCount)
    }

    static func bucket(ofMicroseconds value: Double) -> Int {
        guard value > minimumMicroseconds else { return 0 }
        let index = Int((log2(value / minimumMicroseconds) * bucketsPerOctave).rounded(.down)) + 1
        return min(index, bucketCount - 1)
    }

    /// Upper bound of bucket `index`, in microseconds.
    static func upperBound(ofBucket index: Int) -> Double {
        minimumMicroseconds * exp2(Double(index) / bucketsPerOctave)
    }

    public mutating func record(microseconds: Double) {
        let value = max(0, microseconds)
        counts[Self.bucket(ofMicroseconds: value)] &+= 1
        count &+= 1
        sumMicroseconds += value
        maxMicroseconds = max(maxMicroseconds, value)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] &+= other.counts[index] }
        count &+= other.count
        sumMicroseconds += other.sumMicroseconds
        maxMicroseconds = max(maxMicroseconds, other.maxMicroseconds)
    }

    /// The value below which `fraction` (0...1) of the samples fall, in
    /// milliseconds (a bucket's upper bound); nil without samples.
    public func percentileMilliseconds(_ fraction: Double) -> Double? {
        guard count > 0 else { return nil }
        let target = UInt64((Double(count) * fraction).rounded(.up))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() {
            seen &+= bucketCount
            if seen >= max(1, target) { return min(Self.upperBound(ofBucket: index), maxMicroseconds) / 1_000 }
        }
        return maxMicroseconds / 1_000
    }

    public var meanMilliseconds: Double? {
        count == 0 ? nil : sumMicroseconds / Double(count) / 1_000
    }

    /// Non-empty buckets as (upper bound in ms, count), for plots.
    public var nonEmptyBuckets: [(upperMilliseconds: Double, count: UInt64)] {
        counts.enumerated().filter { $0.element > 0 }.map { (Self.upperBound(ofBucket: $0.offset) / 1_000, $0.element) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
