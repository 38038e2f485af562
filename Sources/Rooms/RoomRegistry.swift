/// The rooms of one worker, by name; a room exists while it has
/// participants. Confined to the worker's event loop.
public final class RoomRegistry {
    public let limits: RoomLimits
    public var maxParticipantsPerRoom: Int { limits.maxParticipants }
    public private(set) var rooms: [String: Room] = [:]
    /// What rooms that have ended counted (so totals stay monotonic).
    private var endedRooms = RoomCounters()
    /// Called (on the loop) when a room is created, before anyone joins it.
    public var onRoomCreated: ((Room) -> Void)?
    /// Called (on the loop) when the first room appears (true) and when
    /// the last one goes (false): periodic work runs only while rooms exist.
    public var onOccupiedChanged: ((Bool) -> Void)?

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
            endedRooms = endedRooms.adding(room.counters)
            if rooms.isEmpty { onOccupiedChanged?(false) }
        }
        rooms[name] = room
        if rooms.count == 1 { onOccupiedChanged?(true) }
        onRoomCreated?(room)
        return room
    }

    /// Forgets `room` when nobody is in it (a join that failed).
    public func removeIfEmpty(_ room: Room) {
        if room.isEmpty, rooms[room.name] === room {
            rooms[room.name] = nil
            room.detachAllSinks()
            if rooms.isEmpty { onOccupiedChanged?(false) }
        }
    }

    /// What every room this registry held counted, ended ones included.
    public var totals: RoomCounters {
        rooms.values.reduce(endedRooms) { $0.adding($1.counters) }
    }
}
