import Synchronization

/// Admission of ICE-TCP connections across every worker: at most
/// `maxConnections` open, and `maxConnectionsPerAddress` from one IP
/// address, so a client cannot hold the server's sockets (design.md,
/// "every resource a client can make the server hold is bounded").
/// Consulted once per accept and close, off the packet path.
public final class ICETCPConnectionLimiter: Sendable {
    public enum Refusal: String, Sendable, Hashable, CaseIterable {
        case total
        case perAddress = "per_address"
    }

    /// Open connections and what admission decided so far.
    public struct Snapshot: Sendable, Hashable {
        public var open = 0
        public var accepted: UInt64 = 0
        public var refused: [Refusal: UInt64] = [:]
    }

    private struct State {
        var snapshot = Snapshot()
        var openByAddress: [String: Int] = [:]
    }

    public let maxConnections: Int
    public let maxConnectionsPerAddress: Int
    private let state = Mutex(State())

    public init(maxConnections: Int, maxConnectionsPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// Admits a connection from `address` (an IP), or says why not.
    public func admit(_ address: String) -> Refusal? {
        state.withLock { state in
            var refusal: Refusal?
            if state.snapshot.open >= maxConnections {
                refusal = .total
            } else if state.openByAddress[address, default: 0] >= maxConnectionsPerAddress {
                refusal = .perAddress
            }
            if let refusal {
                state.snapshot.refused[refusal, default: 0] &+= 1
                return refusal
            }
            state.snapshot.open += 1
            state.snapshot.accepted &+= 1
            state.openByAddress[address, default: 0] += 1
            return nil
        }
    }

    /// A connection admitted from `address` closed.
    public func release(_ address: String) {
        state.withLock { state in
            state.snapshot.open -= 1
            let left = state.openByAddress[address, default: 1] - 1
            state.openByAddress[address] = left > 0 ? left : nil
        }
    }

    public var snapshot: Snapshot { state.withLock { $0.snapshot } }
}
