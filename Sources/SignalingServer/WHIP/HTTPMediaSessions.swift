import NIOConcurrencyHelpers

/// The live WHIP and WHEP sessions by id. A session leaves the table when
/// its participant's connection ends, however it ended.
final class HTTPMediaSessions: Sendable {
    private let sessions = NIOLockedValueBox<[String: HTTPMediaSession]>([:])

    func insert(_ session: HTTPMediaSession) {
        sessions.withLockedValue { $0[session.id] = session }
    }

    func remove(_ id: String) {
        _ = sessions.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// The session `id` of `kind` in `room`, if it is live.
    func session(_ id: String, kind: HTTPMediaSession.Kind, room: String) -> HTTPMediaSession? {
        sessions.withLockedValue { $0[id] }.flatMap { $0.kind == kind && $0.room == room ? $0 : nil }
    }

    var count: Int { sessions.withLockedValue { $0.count } }

    var all: [HTTPMediaSession] { sessions.withLockedValue { Array($0.values) } }
}
