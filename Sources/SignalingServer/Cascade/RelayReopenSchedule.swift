/// When a relay that ended by itself (the far side closed it, its media
/// failed) may be opened again: `first` seconds after its end, doubling
/// with each end in a row up to `ceiling`. A relay that had run for
/// `healthyAfter` seconds starts the doubling over. Times are seconds on
/// any monotonic clock; on the director's lock, never on the media path.
struct RelayReopenSchedule<Key: Hashable & Sendable>: Sendable {
    var first = 0.25
    var ceiling = 4.0
    var healthyAfter = 10.0
    private var ends: [Key: (count: Int, notBefore: Double)] = [:]

    init(first: Double = 0.25, ceiling: Double = 4, healthyAfter: Double = 10) {
        self.first = first
        self.ceiling = ceiling
        self.healthyAfter = healthyAfter
    }

    /// The relay of `key` ended by itself at `now` after running `ranFor`
    /// seconds: returns how long to wait before opening it again.
    mutating func ended(_ key: Key, ranFor: Double, now: Double) -> Double {
        let count = ranFor >= healthyAfter ? 1 : (ends[key]?.count ?? 0) + 1
        var delay = first
        for _ in 1..<count where delay < ceiling { delay *= 2 }
        delay = min(delay, ceiling)
        ends[key] = (count, now + delay)
        return delay
    }

    /// Whether the relay of `key` may be opened at `now`.
    func mayOpen(_ key: Key, now: Double) -> Bool {
        guard let entry = ends[key] else { return true }
        return now >= entry.notBefore
    }

    /// Whether opening `key` now reopens a relay that ended by itself.
    func isReopen(_ key: Key) -> Bool { ends[key] != nil }

    /// Forgets the relays no longer wanted (the far node left the room or died).
    mutating func keep(only wanted: Set<Key>) {
        ends = ends.filter { wanted.contains($0.key) }
    }
}
