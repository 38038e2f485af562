import ArgumentParser
import Bots
import Foundation
import Logging
import SignalingServer

/// `switchboard loadtest`: bots that are real WebRTC peers join rooms of a
/// running server, publish and subscribe for a while, and the command
/// reports what they measured. Exit status: 0 pass, 1 a threshold failed,
/// 2 the test could not run (server unreachable, bad options).
struct LoadTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest", abstract: "Load-test a running server with bot peers and report what they measured.")

    @Option(
        help: """
            Signaling WebSocket URL of the server (default ws://127.0.0.1:8080/rtc, or ws://127.0.0.1:8188 for janus); \
            repeat it for the nodes of a cluster: the bots take the URLs in turn.
            """)
    var url: [String] = []
    @Option(help: "The server's kind: switchboard (the signaling contract) or janus (its VideoRoom plugin).")
    var target = "switchboard"
    @Option(
        name: .customLong("srtp-profile"),
        help: "SRTP profiles the bots offer, comma-separated, preferred first: aes128gcm, aes256gcm, aes128cm.")
    var srtpProfile: String?
    @Option(help: "Rooms to fill.") var rooms = 1
    @Option(help: "Publishing bots per room (audio and video).") var publishers = 1
    @Option(help: "Subscribing bots per room.") var subscribers = 1
    @Option(help: "How long to run, e.g. 60s, 2m.") var duration = "60s"
    @Option(name: .customLong("video-kbps"), help: "Video bitrate of each publisher (top layer with simulcast).")
    var videoKbps = 500
    @Flag(name: .customLong("audio-only"), help: "Publish audio only.") var audioOnly = false
    @Flag(help: "Publish video as three simulcast layers.") var simulcast = false
    @Option(help: "Bots started per second, e.g. 10/s.") var ramp = "10/s"
    @Option(help: "Write the report as JSON to this file.") var json: String?
    @Option(help: "Write an HTML report with plots to this file.") var html: String?
    @Option(name: .customLong("max-loss"), help: "Fail above this packet loss, e.g. 1%.") var maxLoss: String?
    @Option(name: .customLong("max-p99-latency"), help: "Fail above this p99 latency, e.g. 200ms.")
    var maxP99Latency: String?
    @Option(
        name: .customLong("replay-speed"),
        help: "Publishers send their pre-packetized clips this many times faster than real time (saturation benches).")
    var replaySpeed = 1.0
    @Option(
        name: .customLong("verify-every"),
        help: "Subscribers decrypt every Nth RTP packet and count the others by header (1: decrypt and measure all).")
    var verifyEvery = 1
    @Option(
        name: .customLong("data-rate"),
        help: "Data channel messages per second each publisher sends (0: no data channels); subscribers measure them.")
    var dataRate = 0.0
    @Option(name: .customLong("data-size"), help: "Bytes per data channel message (at least 20).") var dataSize = 256
    @Option(name: .customLong("room-prefix"), help: "Prefix of the room names.") var roomPrefix = "loadtest"
    @Option(
        name: .customLong("rejoin-for"),
        help: """
            How long a bot that lost its node (socket closed without its leave, or media failed) keeps rejoining, \
            through the next URLs in turn, e.g. 60s; 0 disables rejoining.
            """)
    var rejoinFor = "60s"
    @Option(name: .customLong("log-level"), help: "Log level of the bots (default warning).") var logLevel = "warning"

    func run() async throws {
        let options: LoadTestOptions
        do {
            options = try makeOptions()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let stopSignal = LoadTestStopSignal()
        let signals = Self.stopOnSignals(stopSignal)
        defer { for source in signals { source.cancel() } }

        let runner = LoadTestRunner(options: options, logger: Logger(label: "switchboard.loadtest")) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let report: LoadTestReport
        do {
            report = try await runner.run(stopSignal: stopSignal)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(report.table())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
        if let html {
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: html))
        }
        if !report.passed { throw ExitCode(1) }
    }

    func makeOptions() throws -> LoadTestOptions {
        guard let seconds = parseDuration(duration), seconds > 0 else {
            throw ValidationError("--duration must be a duration such as 60s or 2m")
        }
        let rampText = ramp.hasSuffix("/s") ? String(ramp.dropLast(2)) : ramp
        guard let rampRate = Double(rampText), rampRate > 0 else { throw ValidationError("--ramp must look like 10/s") }
        var loss: Double?
        if let maxLoss {
            let text = maxLoss.hasSuffix("%") ? String(maxLoss.dropLast()) : maxLoss
            guard let value = Double(text), value >= 0 else { throw ValidationError("--max-loss must look like 1%") }
            loss = value
        }
        var latency: Double?
        if let maxP99Latency {
            guard let value = parseDuration(maxP99Latency), value >= 0 else {
                throw ValidationError("--max-p99-latency must look like 200ms")
            }
            latency = value * 1_000
        }
        guard rooms >= 1, publishers >= 0, subscribers >= 0, publishers + subscribers >= 1 else {
            throw ValidationError("need at least one room and one bot per room")
        }
        guard replaySpeed > 0, replaySpeed <= 1_000 else { throw ValidationError("--replay-speed must be in (0, 1000]") }
        guard verifyEvery >= 1 else { throw ValidationError("--verify-every must be at least 1") }
        guard dataRate >= 0, dataRate <= 10_000 else { throw ValidationError("--data-rate must be in [0, 10000]") }
        guard (20...262_144).contains(dataSize) else { throw ValidationError("--data-size must be 20 to 262144 bytes") }
        guard let rejoinSeconds = parseDuration(rejoinFor), rejoinSeconds >= 0 else {
            throw ValidationError("--rejoin-for must be a duration such as 60s, or 0")
        }
        guard videoKbps >= 30 else { throw ValidationError("--video-kbps must be at least 30") }
        guard let kind = LoadTestTarget(rawValue: target) else {
            throw ValidationError("--target must be switchboard or janus")
        }
        let defaultURL = kind == .janus ? "ws://127.0.0.1:8188" : "ws://127.0.0.1:8080/rtc"
        let profiles = srtpProfile.map { $0.split(separator: ",").map { String($0) } }
        var options = LoadTestOptions(
            url: url.first ?? defaultURL, rooms: rooms, publishersPerRoom: publishers, subscribersPerRoom: subscribers,
            durationSeconds: seconds, videoKbps: videoKbps, audioOnly: audioOnly, simulcast: simulcast,
            rampPerSecond: rampRate, maxLossPercent: loss, maxP99LatencyMilliseconds: latency, roomPrefix: roomPrefix,
            target: kind, srtpProfiles: profiles, additionalURLs: Array(url.dropFirst()))
        options.replaySpeed = replaySpeed
        options.verifyEvery = verifyEvery
        options.dataRate = dataRate
        options.dataMessageBytes = dataSize
        options.rejoinSeconds = rejoinSeconds
        return options
    }

    /// SIGINT and SIGTERM end the run early: every bot leaves, the report
    /// is still printed.
    static func stopOnSignals(_ stopSignal: LoadTestStopSignal) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable in stopSignal.stop() }
            source.resume()
            return source
        }
    }
}
