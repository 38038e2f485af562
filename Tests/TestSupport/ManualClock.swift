import NIOCore

/// A clock for tests: starts at an arbitrary uptime and only moves when told.
public struct ManualClock: Sendable {
    public private(set) var now: NIODeadline

    public init(start: UInt64 = 1_000_000_000) {
        now = .uptimeNanoseconds(start)
    }

    public mutating func advance(_ amount: TimeAmount) {
        now = now + amount
    }
}
