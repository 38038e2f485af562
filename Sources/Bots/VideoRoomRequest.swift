import SignalingMessages

/// The body of a `message` to Janus's VideoRoom plugin (Janus 1.x API).
enum VideoRoomRequest: Sendable, Hashable {
    /// Creates a room for the run (not saved to the config file); Janus
    /// answers 427 when another bot created it first.
    case create(room: Int, description: String, publishers: Int)
    case joinPublisher(room: Int, display: String)
    /// Sent with the publish offer; the answer comes in an `event`.
    case configure
    /// One handle subscribes to every feed, one m-line per stream (1.x).
    case joinSubscriber(room: Int, feeds: [Int])
    /// Adds feeds to a joined subscriber; Janus renegotiates with an offer.
    case subscribe(feeds: [Int])
    /// Sent with the subscriber's answer to each offer.
    case start
    case listParticipants(room: Int)

    var jsonValue: JSONValue {
        switch self {
        case .create(let room, let description, let publishers):
            // No bitrate cap and no FIR timer: the bots replay clips at
            // their own rate, as they do against Switchboard.
            return .object([
                "request": .string("create"), "room": .integer(room), "description": .string(description),
                "publishers": .integer(publishers), "bitrate": .integer(0), "fir_freq": .integer(0),
                "audiocodec": .string("opus"), "videocodec": .string("vp8"), "permanent": .bool(false),
            ])
        case .joinPublisher(let room, let display):
            return .object([
                "request": .string("join"), "ptype": .string("publisher"), "room": .integer(room), "display": .string(display),
            ])
        case .configure:
            return .object(["request": .string("configure"), "audio": .bool(true), "video": .bool(true)])
        case .joinSubscriber(let room, let feeds):
            return .object([
                "request": .string("join"), "ptype": .string("subscriber"), "room": .integer(room),
                "streams": Self.streams(feeds),
            ])
        case .subscribe(let feeds):
            return .object(["request": .string("subscribe"), "streams": Self.streams(feeds)])
        case .start:
            return .object(["request": .string("start")])
        case .listParticipants(let room):
            return .object(["request": .string("listparticipants"), "room": .integer(room)])
        }
    }

    private static func streams(_ feeds: [Int]) -> JSONValue {
        .array(feeds.map { .object(["feed": .integer($0)]) })
    }
}
