import NIOCore
import STUN

/// The client side of ICE against a lite server (RFC 8445 §2.5, §8.1.1):
/// a full agent in the controlling role with one remote candidate, as the
/// project's bots and tests run it. It sends nominating checks (the lite
/// peer selects on USE-CANDIDATE) until one succeeds, then consent checks
/// (RFC 7675 §5.1: every 4-6 s, randomised), and fails when no check has
/// succeeded for the consent timeout.
public struct ICEControllingAgent: Sendable {
    public enum State: Sendable, Hashable {
        /// Checks sent, none answered yet.
        case checking
        /// A nominating check succeeded: the pair is selected.
        case connected
        /// No successful check within the consent timeout, or closed.
        case failed
        case closed
    }

    /// What the owner must do after an event.
    public enum Action: Sendable, Hashable {
        /// Send this check to the remote address.
        case send(ByteBuffer)
        /// The first nominating check succeeded.
        case connected(ICECheckSuccess)
        /// Consent ran out (or never came): close the connection.
        case failed
    }

    public let localCredentials: ICECredentials
    public let remoteCredentials: ICECredentials
    public private(set) var state: State = .checking
    /// Checks whose answers are still awaited, oldest first (bounded).
    private var pending: [ICEConnectivityCheck] = []
    private var nextCheck: NIODeadline
    private var lastSuccess: NIODeadline
    private let tieBreaker: UInt64
    private let checkInterval: TimeAmount
    private let consentTimeout: TimeAmount

    /// Answers to this many most recent checks are accepted.
    static let maxPendingChecks = 16

    /// An agent created at `now`, sending its first check at once.
    /// - Parameters:
    ///   - checkInterval: how often checks go out until one succeeds
    ///     (RFC 8445 §14.2's Ta is 50 ms).
    ///   - consentTimeout: how long without a successful check fails the
    ///     connection (RFC 7675 §5.1: 30 s).
    public init(
        localCredentials: ICECredentials, remoteCredentials: ICECredentials,
        checkInterval: TimeAmount = .milliseconds(50), consentTimeout: TimeAmount = .seconds(30),
        tieBreaker: UInt64 = .random(in: .min ... .max), now: NIODeadline
    ) {
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.checkInterval = checkInterval
        self.consentTimeout = consentTimeout
        self.tieBreaker = tieBreaker
        self.nextCheck = now
        self.lastSuccess = now
    }

    /// When `handleTimer` must run next; nil once final.
    public var nextDeadline: NIODeadline? {
        switch state {
        case .checking, .connected: min(nextCheck, lastSuccess + consentTimeout)
        case .failed, .closed: nil
        }
    }

    /// Sends the checks that are due and fails the agent when consent ran out.
    public mutating func handleTimer(now: NIODeadline) -> [Action] {
        guard state == .checking || state == .connected else { return [] }
        if now >= lastSuccess + consentTimeout {
            state = .failed
            pending.removeAll()
            return [.failed]
        }
        guard now >= nextCheck else { return [] }
        let check = ICEConnectivityCheck(
            localCredentials: localCredentials, remoteCredentials: remoteCredentials,
            tieBreaker: tieBreaker, useCandidate: true)
        pending.append(check)
        if pending.count > Self.maxPendingChecks { pending.removeFirst(pending.count - Self.maxPendingChecks) }
        nextCheck = now + (state == .checking ? checkInterval : consentInterval())
        return [.send(check.serialized())]
    }

    /// Handles a STUN message from the remote address: a response to one of
    /// our pending checks counts as consent; the first success connects.
    /// Anything else is ignored (returns nil).
    public mutating func handleResponse(_ message: STUNMessage, now: NIODeadline) -> Action? {
        guard state == .checking || state == .connected,
            let index = pending.firstIndex(where: { $0.transactionID == message.transactionID })
        else { return nil }
        let check = pending.remove(at: index)
        guard let success = try? check.validateResponse(message) else { return nil }
        lastSuccess = now
        guard state == .checking else { return nil }
        state = .connected
        nextCheck = now + consentInterval()
        return .connected(success)
    }

    /// Stops sending checks.
    public mutating func close() {
        if state == .checking || state == .connected { state = .closed }
        pending.removeAll()
    }

    /// RFC 7675 §5.1: consent checks every 4 to 6 s (uniformly random, so
    /// many clients do not fall into step) against a 30 s timeout; a shorter
    /// configured timeout scales the interval down so that several checks
    /// still fit in it.
    func consentInterval() -> TimeAmount {
        let base = min(5_000, consentTimeout.nanoseconds / 1_000_000 / 6)
        let milliseconds = max(1, Int64.random(in: (base * 4 / 5)...(base * 6 / 5)))
        return .milliseconds(milliseconds)
    }
}
