import ArgumentParser
import Foundation
import Logging
import SignalingServer

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A selective forwarding unit for WebRTC.",
        subcommands: [Serve.self, Token.self, LoadTest.self, Drain.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every command that reads the config shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "YAML config file over the built-in defaults (Config/switchboard.yaml).")
    var config: String?

    func load() throws -> ServerConfiguration {
        guard let config else { return ServerConfiguration() }
        return try ServerConfiguration(contentsOfFile: config)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default command).")

    @OptionGroup var config: ConfigOptions
    @Option(help: "Address to bind every socket to.") var bind: String?
    @Option(name: .customLong("http-port"), help: "HTTP and signaling port.") var httpPort: Int?
    @Option(name: .customLong("media-port"), help: "First UDP media port (one per worker).") var mediaPort: Int?
    @Option(name: .customLong("stun-port"), help: "STUN binding port (0 disables).") var stunPort: Int?
    @Option(name: .customLong("announce-ip"), help: "Address written into ICE candidates.") var announceIP: String?
    @Option(name: .customLong("announce-port"), help: "Media port written into ICE candidates (worker N: + N).")
    var announcePort: Int?
    @Option(name: .customLong("record-dir"), help: "Directory for recordings.") var recordDir: String?
    @Option(help: "Media workers (0: one per core).") var workers: Int?
    @Option(name: .customLong("max-participants"), help: "Participants allowed per room.") var maxParticipants: Int?
    @Option(name: .customLong("spread-after"), help: "Participants a room holds before it spreads over every worker (0: never).")
    var spreadAfter: Int?
    @Option(name: .customLong("consent-timeout"), help: "Seconds without ICE consent before a peer is closed.")
    var consentTimeout: Double?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?
    @OptionGroup(title: "TURN") var turn: TURNOptions

    func run() async throws {
        var configuration = try config.load()
        if let bind { configuration.server.bind = bind }
        if let httpPort { configuration.http.port = httpPort }
        if let mediaPort { configuration.media.port = mediaPort }
        if let stunPort { configuration.stun.port = stunPort }
        if let announceIP { configuration.server.announceIP = announceIP }
        if let announcePort { configuration.media.announcePort = announcePort }
        if let recordDir { configuration.recording.dir = recordDir }
        if let workers { configuration.media.workers = workers }
        if let maxParticipants { configuration.rooms.maxParticipants = maxParticipants }
        if let spreadAfter { configuration.rooms.spreadAfterParticipants = max(0, spreadAfter) }
        if let consentTimeout { configuration.ice.consentTimeoutSeconds = consentTimeout }
        if let logLevel { configuration.logging.level = logLevel }
        try turn.apply(to: &configuration)

        let level = Logger.Level(rawValue: configuration.logging.level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "switchboard")
        let server = SwitchboardServer(configuration: configuration, logger: logger)
        try await server.run { line in
            // Written unbuffered: scripts wait for this line on a pipe.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            let url = line.split(separator: " ").first { $0.hasPrefix("http=") }.map { $0.dropFirst(5) } ?? ""
            logger.info("ready: open \(url)/ in a browser for the demo")
        }
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a join token (or, with --admin, an admin token) signed with the configured key.")

    @OptionGroup var config: ConfigOptions
    @Flag(help: "An admin token for the HTTP control routes (/rooms/*, /metrics) instead of a join token.")
    var admin = false
    @Option(help: "Room the token admits to (with --admin: limits the token to that room's routes).") var room: String?
    @Option(help: "Participant name the token is for (join tokens).") var name: String?
    @Option(help: "Lifetime, e.g. 1h, 30m, 3600s.") var ttl: String = "1h"
    @Option(help: "HS256 key (default: auth.jwt_key of the config).") var key: String?

    func run() async throws {
        let configuration = try config.load()
        guard let secret = key ?? (configuration.auth.jwtKey.isEmpty ? nil : configuration.auth.jwtKey) else {
            throw ValidationError("no key: set auth.jwt_key in the config or pass --key")
        }
        guard let lifetime = parseDuration(ttl), lifetime > 0 else {
            throw ValidationError("--ttl must be a duration such as 1h or 30m")
        }
        let verifier = try await TokenVerifier(key: secret)
        if admin {
            guard name == nil else { throw ValidationError("--name is for join tokens; an admin token names no participant") }
            print(try await verifier.signAdmin(room: room, lifetime: lifetime))
            return
        }
        guard let room, let name else { throw ValidationError("a join token needs --room and --name (or pass --admin)") }
        print(try await verifier.sign(room: room, name: name, lifetime: lifetime))
    }
}
