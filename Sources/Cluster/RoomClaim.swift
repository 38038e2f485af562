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
