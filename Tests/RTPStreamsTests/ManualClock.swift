import NIOCore

/// A clock for tests: starts at an arbitrary uptime and only moves when told.
struct ManualClock {
    private(set) var now: NIODeadline

    init(start: UInt64 = 1_000_000_000) {
        now = .uptimeNanoseconds(start)
    }

    mutating func advance(_ amount: TimeAmount) {
        now = now + amount
    }
}
