import NIOCore

/// How many bytes of retransmissions one receiver may cost, as libwebrtc
/// limits them (its retransmission rate limiter): over any second, no more
/// than the send-side estimate allows, whatever the receiver NACKs. A
/// receiver that NACKs its whole history many times a second gets at most
/// its estimate again, not fifteen times the stream.
///
/// A token bucket in bytes: refilled at `estimate / 8` bytes a second, and
/// holding at most one second of that.
public struct RetransmissionBudget: Sendable {
    private var available: Double = 0
    private var last: NIODeadline?
    /// Retransmissions refused for want of budget.
    public private(set) var refused: UInt64 = 0

    public init() {}

    /// Takes `bytes` for a retransmission at `now` under an estimate of
    /// `estimate` bit/s; false (and counted) when the budget is spent.
    public mutating func take(bytes: Int, estimate: UInt64, now: NIODeadline) -> Bool {
        let rate = Double(estimate) / 8
        if let last {
            let elapsed = Double(max(0, (now - last).nanoseconds)) / 1e9
            available = min(rate, available + rate * elapsed)
        } else {
            // A fresh receiver starts with a full second of budget.
            available = rate
        }
        last = now
        guard Double(bytes) <= available else {
            refused &+= 1
            return false
        }
        available -= Double(bytes)
        return true
    }
}
