import NIOCore
import STUN

/// ICE checks that came before their peer existed, kept briefly by the
/// ufrag they name. A client that answers a subscribe offer starts its
/// checks at once, and its first check often beats its answer through
/// signaling to the server, which makes the peer only then; dropped, it
/// would be retried one check interval later (50 ms for libwebrtc). RFC
/// 8445 §7.3 has agents answer such early checks; kept here, they are
/// handed to the peer when it registers. Nothing in them is trusted until
/// the peer checks their MESSAGE-INTEGRITY. Bounded: `capacity` checks, the
/// oldest dropped first, none older than `lifetime`.
struct EarlyChecks {
    struct Check {
        var ufrag: String
        var message: STUNMessage
        var source: SocketAddress
        var at: NIODeadline
    }

    static let capacity = 32
    static let lifetime = TimeAmount.milliseconds(500)

    private var checks: [Check] = []

    var count: Int { checks.count }

    mutating func keep(_ message: STUNMessage, ufrag: Substring, from source: SocketAddress, now: NIODeadline) {
        checks.removeAll { now - $0.at >= Self.lifetime }
        if checks.count >= Self.capacity { checks.removeFirst(checks.count - Self.capacity + 1) }
        checks.append(Check(ufrag: String(ufrag), message: message, source: source, at: now))
    }

    /// The checks kept for `ufrag` that are still fresh, oldest first; they
    /// are forgotten.
    mutating func take(ufrag: String, now: NIODeadline) -> [Check] {
        guard !checks.isEmpty else { return [] }
        let taken = checks.filter { $0.ufrag == ufrag && now - $0.at < Self.lifetime }
        checks.removeAll { $0.ufrag == ufrag || now - $0.at >= Self.lifetime }
        return taken
    }
}
