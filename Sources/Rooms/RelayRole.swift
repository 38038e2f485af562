/// What a participant is to a room spread over several places: other
/// nodes of a cascade (docs/protocol.md, "Cluster"), or other workers of
/// this node (a room's shards, docs/shards.md). Relayed tracks are never
/// relayed on where they came from, so media cannot loop.
public enum RelayRole: Sendable, Hashable {
    /// A client of this room.
    case none
    /// Another node pulling this node's own tracks: hidden from the others,
    /// and subscribed only to this node's participants (clients here and
    /// on this room's other shards).
    case subscriber(node: String)
    /// The tracks of another node's participants, published here.
    case publisher(node: String)
    /// The pipe to this room's shard on another worker: hidden, and
    /// subscribed only to what did not come from another shard.
    case shardSubscriber(worker: Int)
    /// A participant of this room's shard on another worker, as seen here;
    /// `farNode` when that participant is itself another node's (relayed
    /// there), nil for a client of this node.
    case shardPublisher(worker: Int, farNode: String? = nil)

    /// The far node, for stats and for relays' rosters; nil for a client
    /// of this node (on any shard) and a shard's pipe.
    public var node: String? {
        switch self {
        case .none, .shardSubscriber: nil
        case .subscriber(let node), .publisher(let node): node
        case .shardPublisher(_, let farNode): farNode
        }
    }

    /// The other worker, for stats; nil unless a shard's pipe end.
    public var worker: Int? {
        switch self {
        case .shardSubscriber(let worker), .shardPublisher(let worker, _): worker
        case .none, .subscriber, .publisher: nil
        }
    }

    /// Whether the room keeps this participant out of everyone's view.
    var isHidden: Bool {
        switch self {
        case .subscriber, .shardSubscriber: true
        case .none, .publisher, .shardPublisher: false
        }
    }

    /// Whether it is the sending end of a pipe between a room's shards.
    var isShardPipe: Bool {
        if case .shardSubscriber = self { return true }
        return false
    }

    /// Whether it is a client of this room here (not a stand-in, not a pipe).
    public var isClient: Bool { self == .none }

    /// Whether a participant of this role may receive `publisher`'s tracks:
    /// a node's relay takes this node's own (its clients, wherever their
    /// shard is), a shard's pipe takes what arrived on this shard (its
    /// clients and other nodes' relays).
    func mayReceive(from publisher: RelayRole) -> Bool {
        switch self {
        case .none, .publisher, .shardPublisher:
            return true
        case .subscriber:
            switch publisher {
            case .none: return true
            case .shardPublisher(_, let farNode): return farNode == nil
            default: return false
            }
        case .shardSubscriber:
            switch publisher {
            case .none, .publisher: return true
            default: return false
            }
        }
    }
}
