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

        public init(rooms: Int, participants: Int, packetsPerSecond: Double) {
            self.rooms = rooms
            self.participants = participants
            self.packetsPerSecond = packetsPerSecond
        }
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
