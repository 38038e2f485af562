import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Why a load test could not run at all.
public enum LoadTestError: Error, Sendable, CustomStringConvertible {
    /// The signaling URL did not accept a WebSocket (server down, wrong port or path).
    case serverUnreachable(url: String, reason: String)
    case invalidOptions(String)
    /// The clips could not be encoded.
    case media(String)

    public var description: String {
        switch self {
        case .serverUnreachable(let url, let reason): "cannot reach the server at \(url): \(reason)"
        case .invalidOptions(let reason): "invalid options: \(reason)"
        case .media(let reason): "cannot prepare the bots' media: \(reason)"
        }
    }
}

/// Set from a signal handler (or a test) to end a run early; the run then
/// stops every bot cleanly and reports what it measured.
public final class LoadTestStopSignal: Sendable {
    private let flag = NIOLockedValueBox(false)

    public init() {}

    public func stop() { flag.withLockedValue { $0 = true } }
    public var isStopped: Bool { flag.withLockedValue { $0 } }
}

/// Runs one load-test scenario: starts the bots at the ramp rate on a
/// shared event-loop group, samples them every second (the progress line),
/// stops them all (each sends `leave`), and builds the report.
public struct LoadTestRunner: Sendable {
    public var options: LoadTestOptions
    public var logger: Logger
    /// Receives the progress line once a second.
    public var progress: @Sendable (String) -> Void

    public init(options: LoadTestOptions, logger: Logger, progress: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    public func run(stopSignal: LoadTestStopSignal = LoadTestStopSignal()) async throws -> LoadTestReport {
        try validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        do {
            let report = try await run(group: group, stopSignal: stopSignal)
            try? await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func validate() throws {
        guard options.rooms >= 1, options.publishersPerRoom >= 0, options.subscribersPerRoom >= 0,
            options.botCount >= 1
        else { throw LoadTestError.invalidOptions("need at least one room and one bot") }
        guard options.durationSeconds > 0, options.rampPerSecond > 0 else {
            throw LoadTestError.invalidOptions("duration and ramp must be positive")
        }
        for url in options.urls where !(url.hasPrefix("ws://") || url.hasPrefix("wss://")) {
            throw LoadTestError.invalidOptions("--url must be a ws:// or wss:// URL, not \(url)")
        }
        _ = try BotEnvironment.srtpProfiles(named: options.srtpProfiles, target: options.target)
    }

    /// Opens and closes one WebSocket per URL: a server that is down fails
    /// here, within the connect timeout, before any media is prepared.
    private func checkReachable(group: any EventLoopGroup) async throws {
        for url in options.urls { try await checkReachable(url, group: group) }
    }

    private func checkReachable(_ url: String, group: any EventLoopGroup) async throws {
        var settings = WebSocketClientConfiguration()
        settings.closeTimeout = .seconds(1)
        settings.additionalHeaders = options.target.signaling.upgradeHeaders
        let configuration = settings
        let logger = self.logger
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await WebSocketClient.connect(
                        url: url, configuration: configuration, eventLoopGroup: group, logger: logger
                    ) { _, outbound, _ in
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                }
                tasks.addTask {
                    // Long enough for a loaded host's WebSocket upgrade, short
                    // enough that a server that swallows connections is an error.
                    try await Task.sleep(for: .seconds(15))
                    throw LoadTestError.serverUnreachable(url: url, reason: "no answer within 15 s")
                }
                try await tasks.next()
                tasks.cancelAll()
            }
        } catch let error as LoadTestError {
            throw error
        } catch {
            throw LoadTestError.serverUnreachable(url: url, reason: "\(error)")
        }
    }

    private func run(group: MultiThreadedEventLoopGroup, stopSignal: LoadTestStopSignal) async throws -> LoadTestReport {
        try await checkReachable(group: group)
        let library: MediaLibrary
        do {
            library = try MediaLibrary(plan: options.plan, seconds: options.clipSeconds)
        } catch {
            throw LoadTestError.media("\(error)")
        }
        let profiles = try BotEnvironment.srtpProfiles(named: options.srtpProfiles, target: options.target)
        let environment = try BotEnvironment(group: group, library: library, logger: logger, srtpProfiles: profiles)
        let loops = Array(group.makeIterator())
        let signaling = options.target.signaling
        let bots = options.botConfigurations.enumerated().map { index, configuration in
            Bot(
                configuration: configuration, environment: environment, eventLoop: loops[index % loops.count],
                signaling: signaling)
        }
        let joins = NIOLockedValueBox((joined: 0, failures: [String]()))
        let started = NIODeadline.now()
        let deadline = started + .nanoseconds(Int64(options.durationSeconds * 1_000_000_000))
        let rampInterval = TimeAmount.nanoseconds(Int64(1_000_000_000 / options.rampPerSecond))
        let urls = options.urls

        var timeline: [LoadTestSample] = []
        var interrupted = false
        var startedCount = 0
        await withTaskGroup(of: Void.self) { tasks in
            var previous = BotCounters()
            var nextSample = started + .seconds(1)
            while NIODeadline.now() < deadline && !stopSignal.isStopped {
                // The ramp: bot i starts at i * rampInterval, in its own task.
                while startedCount < bots.count, started + rampInterval * Int64(startedCount) <= NIODeadline.now() {
                    let bot = bots[startedCount]
                    // Bots come slot by slot over the rooms: (slot + room) spreads
                    // every room's bots over all the URLs, not one room per node.
                    let (slot, room) = startedCount.quotientAndRemainder(dividingBy: options.rooms)
                    let first = (slot + room) % urls.count
                    startedCount += 1
                    tasks.addTask {
                        await bot.run(urls: urls, first: first) { error in
                            joins.withLockedValue { state in
                                if let error {
                                    if state.failures.count < 5 { state.failures.append("\(bot.configuration.name): \(error)") }
                                } else {
                                    state.joined += 1
                                }
                            }
                        }
                    }
                }
                var wake = min(nextSample, deadline)
                if startedCount < bots.count { wake = min(wake, started + rampInterval * Int64(startedCount)) }
                let wait = wake - NIODeadline.now()
                if wait > .zero { try? await Task.sleep(for: .nanoseconds(min(wait.nanoseconds, 100_000_000))) }
                guard NIODeadline.now() >= nextSample else { continue }
                nextSample = nextSample + .seconds(1)
                let totals = await Self.collect(bots[0..<startedCount])
                let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
                let sample = LoadTestSample(
                    time: elapsed, connected: totals.connectedBots,
                    packetsOutPerSecond: Double(totals.counters.packetsSent &- previous.packetsSent),
                    packetsInPerSecond: Double(totals.counters.received.packetsReceived &- previous.received.packetsReceived),
                    lossPercent: totals.counters.received.lossPercent,
                    latencyP50: totals.counters.intervalLatency.percentileMilliseconds(0.5),
                    latencyP99: totals.counters.intervalLatency.percentileMilliseconds(0.99))
                previous = totals.counters
                timeline.append(sample)
                progress(sample.progressLine(target: bots.count))
            }
            interrupted = stopSignal.isStopped
            for bot in bots[0..<startedCount] { bot.stop() }
            await tasks.waitForAll()
        }
        let totals = await Self.collect(bots[0..<startedCount])
        let joinState = joins.withLockedValue { $0 }
        return LoadTestReport(
            options: options, totals: totals.counters, timeline: timeline, botsStarted: startedCount,
            botsJoined: joinState.joined, joinFailures: joinState.failures,
            elapsedSeconds: Double((NIODeadline.now() - started).nanoseconds) / 1e9, interrupted: interrupted)
    }

    private static func collect(_ bots: ArraySlice<Bot>) async -> (counters: BotCounters, connectedBots: Int) {
        var total = BotCounters()
        var connected = 0
        for bot in bots {
            let counters = await bot.counters()
            if counters.connected { connected += 1 }
            total.add(counters)
        }
        return (total, connected)
    }
}
