import Foundation

/// The room's `manifest.json`: who was in the room, when (on one room
/// clock: milliseconds since the recording started), which files hold
/// their media and which tracks those files carry, so the room can be laid
/// out again afterwards. Rewritten whole (write, then rename) on every
/// change, so a crash leaves the last complete version.
public struct RecordingManifest: Codable, Sendable, Equatable {
    public struct Track: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var codec: String
        public var mid: String
    }

    public struct File: Codable, Sendable, Equatable {
        /// File name, relative to the manifest's directory.
        public var path: String
        /// "webm", "matroska" or "ogg".
        public var format: String
        /// Room-clock ms of the file's time zero.
        public var startMs: Int64
        /// Room-clock ms of its last frame; set when the file is finished.
        public var endMs: Int64?
        /// The duration the file declares; set when the file is finished.
        public var durationMs: Int64?
        public var tracks: [Track]
        /// Why writing stopped early (disk full, ...).
        public var error: String?
    }

    public struct Participant: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var joinedMs: Int64
        public var leftMs: Int64?
        public var files: [File]
    }

    /// Media dropped because the disk did not keep up.
    public struct Gap: Codable, Sendable, Equatable {
        public var atMs: Int64
        public var droppedPackets: Int
    }

    public var version = 1
    public var room: String
    /// The recording's id: its directory name (the start time, UTC).
    public var id: String
    /// Start, ISO 8601 UTC: room-clock zero.
    public var started: String
    public var ended: String?
    /// "recording", "finished" or "failed".
    public var state: String
    /// True when this recording is a new part of one a dead cluster node
    /// left (failover); absent otherwise.
    public var continuation: Bool?
    public var participants: [Participant] = []
    public var gaps: [Gap] = []
    public var errors: [String] = []

    public init(room: String, id: String, started: String) {
        self.room = room
        self.id = id
        self.started = started
        self.state = "recording"
    }

    /// The manifest as JSON text (snake_case keys, sorted).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a manifest written by `jsonData`.
    public init(jsonData data: Data) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(Self.self, from: data)
    }
}
