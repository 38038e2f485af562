/// One row of `nodes` as placement and `GET /cluster` see it.
public struct NodeRecord: Sendable, Equatable, Codable {
    public var id: String
    public var advertiseURL: String
    public var media: String
    public var load: Load
    public var draining: Bool
    /// Rooms claimed for the node now (the `rooms` table; fresher than `load.rooms`).
    public var claimedRooms: Int
    /// Seconds since the node's last heartbeat, on the database's clock.
    public var secondsSinceHeartbeat: Double

    /// `NodeLoad` as stored (Codable for the JSON listing).
    public struct Load: Sendable, Equatable, Codable {
        public var rooms: Int
        public var participants: Int
        public var packetsPerSecond: Double
    }

    public init(
        id: String, advertiseURL: String, media: String = "", load: Load = Load(rooms: 0, participants: 0, packetsPerSecond: 0),
        draining: Bool = false, claimedRooms: Int = 0, secondsSinceHeartbeat: Double = 0
    ) {
        self.id = id
        self.advertiseURL = advertiseURL
        self.media = media
        self.load = load
        self.draining = draining
        self.claimedRooms = claimedRooms
        self.secondsSinceHeartbeat = secondsSinceHeartbeat
    }

    /// Whether the node heartbeated recently enough to hold rooms.
    public func isLive(staleAfter: Double) -> Bool { secondsSinceHeartbeat < staleAfter }
}

/// One row of `rooms`: which node is the room's home, since which epoch.
public struct RoomClaim: Sendable, Equatable, Codable {
    public var room: String
    public var nodeID: String
    /// Incremented each time a stale node's claim is taken over.
    public var epoch: Int64

    public init(room: String, nodeID: String, epoch: Int64) {
        self.room = room
        self.nodeID = nodeID
        self.epoch = epoch
    }
}
