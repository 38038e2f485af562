/// A per-key rate limit with bounded memory, for answering requests from
/// many sources (`STUNBindingResponder`).
///
/// Each key has a token bucket of `burst` tokens refilled at `rate` per
/// second, kept as one number: the generic cell rate algorithm's
/// theoretical arrival time (TAT), which is the same limit without a
/// float or a refill step. A request at `now` passes when TAT - now <=
/// (burst - 1) * interval, and then moves TAT one interval on.
///
/// The table holds at most `capacity` keys. When full, the key inserted
/// longest ago is evicted (a ring of insertion order, O(1)): a flood from
/// many spoofed sources cycles the table but cannot grow it. An evicted key
/// simply starts again with a full bucket, so eviction can only be
/// generous to a real client, never lock it out.
public struct SourceRateLimiter<Key: Hashable & Sendable>: Sendable {
    /// Nanoseconds per token.
    let interval: Int64
    /// How far TAT may run ahead of now: (burst - 1) intervals.
    let tolerance: Int64
    /// Most keys held at once.
    let capacity: Int

    private var table: [Key: Int64] = [:]
    /// Keys in insertion order, as a ring once full; `oldest` indexes it.
    private var order: [Key] = []
    private var oldest = 0
    /// Keys evicted to make room, for counters.
    private(set) var evictions: UInt64 = 0

    /// Values below 1 are raised to 1.
    public init(ratePerSecond: Int, burst: Int, capacity: Int) {
        self.init(intervalNanoseconds: 1_000_000_000 / Int64(max(1, ratePerSecond)), burst: burst, capacity: capacity)
    }

    /// One token every `intervalNanoseconds` (for rates below one a second).
    public init(intervalNanoseconds interval: Int64, burst: Int, capacity: Int) {
        self.interval = max(1, interval)
        let (tolerance, overflow) = self.interval.multipliedReportingOverflow(by: Int64(max(1, burst) - 1))
        self.tolerance = overflow ? .max : tolerance
        self.capacity = max(1, capacity)
        table.reserveCapacity(min(self.capacity, 1 << 16))
    }

    /// Keys currently tracked.
    var count: Int { table.count }

    /// Takes a token for `key` at `now` (nanoseconds); false when the
    /// bucket is empty and the request should be dropped.
    public mutating func allow(_ key: Key, now: Int64) -> Bool {
        if let tat = table[key] {
            let start = max(tat, now)
            // start >= now, so the subtraction cannot overflow.
            guard start - now <= tolerance else { return false }
            table[key] = Self.saturatingAdd(start, interval)
            return true
        }
        insert(key, tat: Self.saturatingAdd(now, interval))
        return true
    }

    private mutating func insert(_ key: Key, tat: Int64) {
        if order.count < capacity {
            order.append(key)
        } else {
            table[order[oldest]] = nil
            order[oldest] = key
            oldest = oldest + 1 == capacity ? 0 : oldest + 1
            evictions &+= 1
        }
        table[key] = tat
    }

    private static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
