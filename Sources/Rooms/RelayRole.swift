/// What a participant is to a cascade of nodes (docs/protocol.md,
/// "Cluster"). Relayed tracks are never relayed on, so media cannot loop.
public enum RelayRole: Sendable, Hashable {
    /// A client of this node.
    case none
    /// Another node pulling this node's own tracks: hidden from the others,
    /// and subscribed only to participants with role `.none`.
    case subscriber(node: String)
    /// The tracks of another node's participants, published here.
    case publisher(node: String)

    /// The far node, for stats; nil for a client.
    public var node: String? {
        switch self {
        case .none: nil
        case .subscriber(let node), .publisher(let node): node
        }
    }

    /// Whether the room keeps this participant out of everyone's view.
    var isHidden: Bool {
        if case .subscriber = self { return true }
        return false
    }

    /// Whether a participant of this role may receive `publisher`'s tracks.
    func mayReceive(from publisher: RelayRole) -> Bool {
        guard case .subscriber = self else { return true }
        return publisher == .none
    }
}
