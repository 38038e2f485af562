/// When a bot that lost its node (its signaling socket closed without its
/// own `leave`, or its media failed) tries to join again: `first` seconds
/// after the loss, then doubling up to `ceiling` between attempts, until
/// `window` seconds have passed since the loss. The same schedule as the
/// demo page's rejoin. Times are seconds on any monotonic clock.
struct RejoinBackoff: Sendable, Hashable {
    var first = 0.5
    var ceiling = 8.0
    var window: Double
    private(set) var lostAt: Double?
    private var next = 0.5

    init(window: Double, first: Double = 0.5, ceiling: Double = 8) {
        self.window = window
        self.first = first
        self.ceiling = ceiling
        next = first
    }

    /// The bot was in its room and lost it at `now`: a new schedule.
    mutating func lost(at now: Double) {
        lostAt = now
        next = first
    }

    /// How long to wait before the next attempt, or nil when the window
    /// since the loss has passed (or nothing was lost): give up.
    mutating func delay(now: Double) -> Double? {
        guard let lostAt, now - lostAt < window else { return nil }
        let delay = next
        next = min(next * 2, ceiling)
        return delay
    }
}
