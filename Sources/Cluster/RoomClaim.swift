/// One row of `rooms`: which node is the room's home, since which epoch.
public struct RoomClaim: Sendable, Equatable, Codable {
    public var room: String
    public var nodeID: String
    /// Incremented each time a stale node's claim is taken over.
    public var epoch: Int64
    /// The home records the room; a node taking it over records it again.
    public var recording: Bool

    public init(room: String, nodeID: String, epoch: Int64, recording: Bool = false) {
        self.room = room
        self.nodeID = nodeID
        self.epoch = epoch
        self.recording = recording
    }
}
