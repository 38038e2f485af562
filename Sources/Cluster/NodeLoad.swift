/// What a node reports about itself in each heartbeat.
public struct NodeLoad: Sendable, Equatable {
    public var rooms: Int
    public var participants: Int
    /// Packets the node sent per second since its last heartbeat.
    public var packetsPerSecond: Double

    public init(rooms: Int = 0, participants: Int = 0, packetsPerSecond: Double = 0) {
        self.rooms = rooms
        self.participants = participants
        self.packetsPerSecond = packetsPerSecond
    }
}
