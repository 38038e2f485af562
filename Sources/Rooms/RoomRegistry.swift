/// The rooms of one worker, by name; a room exists while it has
/// participants. Confined to the worker's event loop.
public final class RoomRegistry {
    public let limits: RoomLimits
    public var maxParticipantsPerRoom: Int { limits.maxParticipants }
    public private(set) var rooms: [String: Room] = [:]
    /// Publisher SSRCs replaced in rooms that have ended (metrics stay monotonic).
    private var endedRoomsSSRCsReplaced: UInt64 = 0
    /// Called (on the loop) when a room is created, before anyone joins it.
    public var onRoomCreated: ((Room) -> Void)?

    public init(limits: RoomLimits) {
        self.limits = limits
    }

    public convenience init(maxParticipantsPerRoom: Int) {
        self.init(limits: RoomLimits(maxParticipants: maxParticipantsPerRoom))
    }

    /// The room named `name`, created when absent.
    public func room(named name: String) -> Room {
        if let room = rooms[name] { return room }
        let room = Room(name: name, limits: limits)
        room.onEmpty = { [weak self] room in
            guard let self, rooms[room.name] === room else { return }
            rooms[room.name] = nil
            endedRoomsSSRCsReplaced &+= room.counters.ssrcsReplaced
        }
        rooms[name] = room
        onRoomCreated?(room)
        return room
    }

    /// Forgets `room` when nobody is in it (a join that failed).
    public func removeIfEmpty(_ room: Room) {
        if room.isEmpty, rooms[room.name] === room {
            rooms[room.name] = nil
            room.detachAllSinks()
        }
    }

    /// Publisher SSRCs that replaced an earlier one of their layer, in every
    /// room this registry held.
    public var ssrcsReplaced: UInt64 {
        rooms.values.reduce(endedRoomsSSRCsReplaced) { $0 &+ $1.counters.ssrcsReplaced }
    }
}
