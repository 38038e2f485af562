import SignalingMessages

/// The VideoRoom plugin's `plugindata.data`: what a request did
/// (`videoroom`: created, joined, attached, updated, participants, event)
/// and the feeds and streams it talks about.
struct VideoRoomEvent: Sendable, Hashable {
    /// A participant of a room; `publishing` when it has a live feed.
    struct Feed: Sendable, Hashable {
        var id: Int
        var display: String?
        var publishing: Bool
    }

    /// One m-line of a subscriber PC and the feed it carries.
    struct Stream: Sendable, Hashable {
        var mid: String
        var feedID: Int?
        var active: Bool
    }

    var videoroom: String
    var room: Int?
    /// `joined`: the publisher's own feed id.
    var id: Int?
    var errorCode: Int?
    var error: String?
    /// `joined` and `event`: the room's publishers.
    var publishers: [Feed] = []
    /// `participants` (the `listparticipants` answer).
    var participants: [Feed] = []
    /// `attached` and `updated`: the subscriber's streams.
    var streams: [Stream] = []

    init(videoroom: String) {
        self.videoroom = videoroom
    }

    init?(_ data: JSONValue) {
        guard let videoroom = data["videoroom"]?.stringValue else { return nil }
        self.init(videoroom: videoroom)
        room = data["room"]?.integerValue
        id = data["id"]?.integerValue
        errorCode = data["error_code"]?.integerValue
        error = data["error"]?.stringValue
        publishers = data["publishers"]?.arrayValue.compactMap { Self.feed($0, publishing: true) } ?? []
        participants = data["participants"]?.arrayValue.compactMap { Self.feed($0, publishing: nil) } ?? []
        streams =
            data["streams"]?.arrayValue.compactMap { stream in
                guard let mid = stream["mid"]?.stringValue else { return nil }
                return Stream(mid: mid, feedID: stream["feed_id"]?.integerValue, active: stream["active"]?.boolValue ?? true)
            } ?? []
    }

    /// Publishers are live by definition; participants say so in `publisher`.
    private static func feed(_ value: JSONValue, publishing: Bool?) -> Feed? {
        guard let id = value["id"]?.integerValue else { return nil }
        return Feed(
            id: id, display: value["display"]?.stringValue,
            publishing: publishing ?? value["publisher"]?.boolValue ?? false)
    }
}
