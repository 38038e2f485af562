import NIOConcurrencyHelpers

/// Relays refused here (for `/metrics`,
/// `switchboard_cluster_relays_refused_total{reason}`).
final class RelayCounters: Sendable {
    enum Refusal: String, CaseIterable, Sendable {
        /// This node is not in cascade placement.
        case notCascade = "not_cascade"
        /// The relay token did not verify for that node and room.
        case badToken = "bad_token"
        /// The node is not registered, or not live, in `nodes`.
        case unregistered
    }

    private let refusals = NIOLockedValueBox<[Refusal: Int]>([:])

    func count(_ refusal: Refusal) {
        refusals.withLockedValue { $0[refusal, default: 0] += 1 }
    }

    var refused: [Refusal: Int] { refusals.withLockedValue { $0 } }
}
