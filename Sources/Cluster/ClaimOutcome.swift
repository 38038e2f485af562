/// The answer to a join, as far as the cluster is concerned.
public enum ClaimOutcome: Sendable, Equatable {
    /// The room lives here; the claim is held until `release`.
    case here(epoch: Int64)
    /// The room lives on another node: its advertised base URL.
    case elsewhere(nodeID: String, advertiseURL: String)
    /// No claim could be made (database down or slow, no node free).
    case unavailable(String)
}
