import Foundation
import RTP
import Yams

/// Switchboard's configuration: Config/switchboard.yaml's keys. The
/// defaults here are that file's values (a test checks the two agree), so
/// the server runs with no file at all and a file only needs the keys it
/// changes.
public struct ServerConfiguration: Sendable, Equatable {
    public struct Server: Sendable, Equatable {
        public var bind = "127.0.0.1"
        public var announceIP = ""
    }
    public struct HTTP: Sendable, Equatable {
        public var port = 8080
        public var maxFrameBytes = 65_536
        /// Web origins besides the server's own that may open /rtc.
        public var allowedOrigins: [String] = []
    }
    public struct Media: Sendable, Equatable {
        public var port = 50_000
        /// Port written into ICE candidates for worker 0 (worker N: + N);
        /// 0 means the port bound.
        public var announcePort = 0
        public var workers = 0
        public var mtu = 1_200
        /// Kernel buffers of every media, TURN and relay UDP socket.
        public var socketBufferBytes = 4 << 20
        /// Datagrams each media worker may hold for its socket.
        public var sendQueueBytes = 16 << 20
    }
    public struct STUN: Sendable, Equatable {
        public var port = 3_478
        public var requestsPerSecondPerSource = 20
    }
    public struct ICE: Sendable, Equatable {
        public var consentTimeoutSeconds: Double = 30
    }
    public struct DTLS: Sendable, Equatable {
        public var certificate = ""
        public var privateKey = ""
    }
    public struct Rooms: Sendable, Equatable {
        public var maxParticipants = 50
        /// What each published video stream keeps for retransmissions.
        public var retransmissionHistorySeconds: Double = 3
        public var retransmissionHistoryPackets = 2_048
        /// Participants a room holds on one worker before it spreads over
        /// all of them (docs/shards.md); 0: never.
        public var spreadAfterParticipants = 0
        /// Bytes each direction of a pipe between shards may have waiting
        /// for the other worker; past it batches are dropped and counted.
        public var shardPipeBufferBytes = 4 << 20
    }
    public struct Auth: Sendable, Equatable {
        public var jwtKey = ""
    }
    public struct Codecs: Sendable, Equatable {
        // Every codec family, as Config/switchboard.yaml lists them.
        public var audio = CodecFamily.allAudio.map(\.configName)
        public var video = CodecFamily.allVideo.map(\.configName)
    }
    public struct Recording: Sendable, Equatable {
        public var enabled = false
        public var dir = "recordings"
        public var rooms = ["*"]
        public var audioOnlyFormat = "ogg"
        public var audioVideoFormat = "webm"
    }
    public struct Logging: Sendable, Equatable {
        public var level = "info"
    }

    public var server = Server()
    public var http = HTTP()
    public var media = Media()
    public var stun = STUN()
    public var ice = ICE()
    public var dtls = DTLS()
    public var rooms = Rooms()
    public var auth = Auth()
    public var codecs = Codecs()
    public var recording = Recording()
    public var logging = Logging()
    public var limits = Limits()
    public var cluster = Cluster()
    public var turn = TURN()
    public var iceTCP = ICETCP()
    public var dataChannels = DataChannels()

    public init() {}

    /// The number of media workers to run: `media.workers`, or one per core.
    public var effectiveWorkerCount: Int {
        media.workers > 0 ? media.workers : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The address put in ICE candidates.
    public var announcedAddress: String { server.announceIP.isEmpty ? server.bind : server.announceIP }

    /// The port candidates name for the worker at `index` bound to
    /// `boundPort`: `media.announce_port` + index when set (a NAT or a
    /// container maps another port to ours), else the bound port.
    public func announcedMediaPort(workerIndex index: Int, boundPort: Int) -> Int {
        media.announcePort > 0 ? media.announcePort + index : boundPort
    }
}

/// A config file that could not be used, with where and why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

extension ServerConfiguration {
    /// Reads YAML text over the defaults: unknown keys and wrong types are
    /// errors (a typo should not be silently ignored).
    public init(yaml text: String) throws {
        self.init()
        guard let root = try Yams.load(yaml: text) else { return }
        guard let sections = root as? [String: Any] else { throw ConfigurationError(description: "the top level must be a mapping") }
        var reader = YAMLReader(sections: sections)
        try reader.section("server") { r in
            server.bind = try r.string("bind", server.bind)
            server.announceIP = try r.string("announce_ip", server.announceIP)
        }
        try reader.section("http") { r in
            http.port = try r.int("port", http.port)
            http.maxFrameBytes = try r.int("max_frame_bytes", http.maxFrameBytes)
            http.allowedOrigins = try r.strings("allowed_origins", http.allowedOrigins)
        }
        try reader.section("media") { r in
            media.port = try r.int("port", media.port)
            media.announcePort = try r.int("announce_port", media.announcePort)
            media.workers = try r.int("workers", media.workers)
            media.mtu = try r.int("mtu", media.mtu)
            media.socketBufferBytes = try r.int("socket_buffer_bytes", media.socketBufferBytes)
            guard media.socketBufferBytes >= 0 else {
                throw ConfigurationError(description: "media.socket_buffer_bytes must be 0 or more")
            }
            media.sendQueueBytes = try r.int("send_queue_bytes", media.sendQueueBytes)
            guard media.sendQueueBytes >= 65_536 else {
                throw ConfigurationError(description: "media.send_queue_bytes must be at least 65536")
            }
        }
        try reader.section("stun") { r in
            stun.port = try r.int("port", stun.port)
            stun.requestsPerSecondPerSource = try r.int("requests_per_second_per_source", stun.requestsPerSecondPerSource)
        }
        try reader.section("ice") { r in
            ice.consentTimeoutSeconds = try r.duration("consent_timeout", ice.consentTimeoutSeconds)
        }
        try reader.section("dtls") { r in
            dtls.certificate = try r.string("certificate", dtls.certificate)
            dtls.privateKey = try r.string("private_key", dtls.privateKey)
        }
        try reader.section("rooms") { r in
            rooms.maxParticipants = try r.int("max_participants", rooms.maxParticipants)
            rooms.retransmissionHistorySeconds = try r.duration(
                "retransmission_history", rooms.retransmissionHistorySeconds)
            rooms.retransmissionHistoryPackets = try r.positive(
                "retransmission_history_packets", rooms.retransmissionHistoryPackets)
            rooms.spreadAfterParticipants = try r.int("spread_after", rooms.spreadAfterParticipants)
            rooms.shardPipeBufferBytes = try r.positive("shard_pipe_buffer_bytes", rooms.shardPipeBufferBytes)
            guard rooms.spreadAfterParticipants >= 0 else {
                throw ConfigurationError(description: "rooms.spread_after must be 0 (never) or more")
            }
            guard rooms.retransmissionHistorySeconds > 0, rooms.retransmissionHistoryPackets <= 32_768 else {
                throw ConfigurationError(
                    description: "rooms.retransmission_history must be positive, retransmission_history_packets 1 to 32768")
            }
        }
        try reader.section("auth") { r in
            auth.jwtKey = try r.string("jwt_key", auth.jwtKey)
        }
        try reader.section("codecs") { r in
            codecs.audio = try r.strings("audio", codecs.audio)
            codecs.video = try r.strings("video", codecs.video)
        }
        try reader.section("recording") { r in
            recording.enabled = try r.bool("enabled", recording.enabled)
            recording.dir = try r.string("dir", recording.dir)
            recording.rooms = try r.strings("rooms", recording.rooms)
            recording.audioOnlyFormat = try r.string("audio_only_format", recording.audioOnlyFormat)
            recording.audioVideoFormat = try r.string("audio_video_format", recording.audioVideoFormat)
            guard ["ogg", "webm"].contains(recording.audioOnlyFormat) else {
                throw ConfigurationError(description: "recording.audio_only_format must be ogg or webm")
            }
            guard recording.audioVideoFormat == "webm" else {
                throw ConfigurationError(description: "recording.audio_video_format must be webm")
            }
        }
        try reader.section("logging") { r in
            logging.level = try r.string("level", logging.level)
        }
        try reader.section("limits") { r in try limits.read(&r) }
        try reader.section("cluster") { r in try cluster.read(&r) }
        try reader.section("turn") { r in try turn.read(&r) }
        try reader.section("ice_tcp") { r in try iceTCP.read(&r) }
        try reader.section("data_channels") { r in try dataChannels.read(&r) }
        try reader.finish()
    }

    /// Reads the YAML file at `path` over the defaults.
    public init(contentsOfFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(description: "cannot read \(path): \(error.localizedDescription)")
        }
        do {
            try self.init(yaml: text)
        } catch let error as ConfigurationError {
            throw ConfigurationError(description: "\(path): \(error.description)")
        } catch {
            throw ConfigurationError(description: "\(path): \(error)")
        }
    }
}

/// "30s", "500ms", "2m", "1h" or a bare number of seconds.
public func parseDuration(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3_600.0)] where trimmed.hasSuffix(suffix) {
        return Double(trimmed.dropLast(suffix.count)).map { $0 * scale }
    }
    return Double(trimmed)
}
