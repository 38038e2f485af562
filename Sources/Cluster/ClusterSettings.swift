/// What a node needs to take part in a cluster (`cluster:` in the server's
/// configuration, which maps onto this). Times are in seconds.
public struct ClusterSettings: Sendable, Equatable {
    /// `postgres://user:password@host:port/database` (`DatabaseURL`).
    public var databaseURL: String
    /// This node's row in `nodes`; unique in the cluster.
    public var nodeID: String
    /// The node's public http(s) base URL: redirects point there.
    public var advertiseURL: String
    /// The node's media addresses (`host:port`), listed in `nodes` for operators.
    public var mediaAddresses: [String] = []
    /// How often the node writes its row (its liveness and load).
    public var heartbeatInterval: Double = 2
    /// A node whose row is older than this is stale: its rooms may be taken over.
    public var staleAfter: Double = 10
    /// The longest any database call may take; past it the call fails
    /// (a join gets `cluster-unavailable`) rather than hanging.
    public var queryTimeout: Double = 3
    /// A claim homed here that no participant holds (a redirected client
    /// that never came) is released after this long.
    public var claimGrace: Double = 30
    /// Database connections the node keeps at most.
    public var maxConnections: Int = 4

    public init(databaseURL: String, nodeID: String, advertiseURL: String) {
        self.databaseURL = databaseURL
        self.nodeID = nodeID
        self.advertiseURL = advertiseURL
    }
}
