/// When a publishing bot's data messages are due: `rate` per second, spread
/// evenly by a credit that grows with time. After a stall (the loop was
/// busy) at most a tenth of a second's worth goes at once, so a late tick
/// does not become a burst.
struct DataLoadSender {
    let rate: Double
    let messageBytes: Int
    private(set) var nextSequence: UInt64 = 0
    private var credit = 0.0
    private var lastUptimeNanoseconds: UInt64?

    init(rate: Double, messageBytes: Int) {
        self.rate = rate
        self.messageBytes = max(messageBytes, DataLoadMessage.headerBytes)
    }

    /// The messages due at `now`, numbered in order.
    mutating func due(nowUptimeNanoseconds now: UInt64) -> [DataLoadMessage] {
        defer { lastUptimeNanoseconds = now }
        guard let last = lastUptimeNanoseconds, now > last else { return [] }
        credit = min(credit + Double(now - last) / 1e9 * rate, max(1, rate / 10))
        var messages: [DataLoadMessage] = []
        while credit >= 1 {
            credit -= 1
            messages.append(DataLoadMessage(sequence: nextSequence, sentAtUptimeNanoseconds: now))
            nextSequence &+= 1
        }
        return messages
    }

    /// Nanoseconds until the next message is due, for the tick schedule.
    var nanosecondsToNext: Int64 {
        guard rate > 0 else { return .max }
        return Int64(max(0, 1 - credit) / rate * 1e9)
    }
}
