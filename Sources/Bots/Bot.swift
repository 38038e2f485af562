import DTLS
import HummingbirdWSClient
import ICELite
import Logging
import MediaNegotiation
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SDP
import SignalingMessages

/// One bot: a full client of one server's signaling (Switchboard's
/// contract, docs/protocol.md, or Janus's VideoRoom, by `signaling`) with
/// its own publish and subscribe PCs. `run` joins, publishes and answers
/// offers until `stop()`, then leaves and closes its transports. A bot
/// that loses its node after joining joins again (`Bot+Rejoin`).
public final class Bot: Sendable {
    public let configuration: BotConfiguration
    let environment: BotEnvironment
    let eventLoop: any EventLoop
    let signaling: any BotSignaling
    private let events: AsyncStream<BotEvent>
    let eventsContinuation: AsyncStream<BotEvent>.Continuation
    /// Joins, rejoins and the media generation (`Bot+Rejoin`).
    let joinState = NIOLockedValueBox(BotJoinState())
    /// The media, once joined; shared with `Bot+Media`.
    let media = NIOLockedValueBox<NIOLoopBound<BotMedia>?>(nil)
    private let participant = NIOLockedValueBox<String?>(nil)
    /// Where the last `redirect` pointed, until `run` follows it.
    let redirectTarget = NIOLockedValueBox<String?>(nil)
    /// When this bot's payloads left, for the subscribers' latency.
    let sendLog = SendLog()
    /// SSRCs: audio, three video layers, their three RTX streams.
    let ssrcs: [UInt32]
    /// ICE credentials of the two PCs, and the SDP session id.
    let publishCredentials = ICECredentials.random()
    let subscribeCredentials = ICECredentials.random()
    let sdpSessionID = UInt64.random(in: 1...UInt64(Int64.max))

    init(
        configuration: BotConfiguration, environment: BotEnvironment, eventLoop: any EventLoop,
        signaling: any BotSignaling = ContractSignaling()
    ) {
        self.configuration = configuration
        self.environment = environment
        self.eventLoop = eventLoop
        self.signaling = signaling
        (events, eventsContinuation) = AsyncStream.makeStream()
        var chosen: [UInt32] = []
        while chosen.count < 7 {
            let ssrc = UInt32.random(in: 1...UInt32.max)
            if !chosen.contains(ssrc) { chosen.append(ssrc) }
        }
        ssrcs = chosen
    }

    /// The participant id the server gave this bot, once joined.
    public var participantID: String? { participant.withLockedValue { $0 } }

    /// Asks the bot to leave; `run` returns once it has.
    public func stop() {
        joinState.withLockedValue { $0.stopped = true }
        eventsContinuation.yield(.stop)
    }

    /// The bot's counters: its media's now, plus those of the media of
    /// earlier joins (zero before any media exists).
    public func counters() async -> BotCounters {
        // The retired counters and the media together (`Bot+Rejoin`).
        let (retired, live) = joinState.withLockedValue { state in
            // Latency intervals of retired media are reported once.
            defer {
                state.retired.intervalLatency = LatencyHistogram()
                state.retired.dataIntervalLatency = LatencyHistogram()
            }
            var total = state.retired
            total.rejoins = UInt64(state.rejoins)
            total.botsLost = state.lost ? 1 : 0
            return (total, media.withLockedValue { $0 })
        }
        var total = retired
        total.connected = false
        guard let bound = live else { return total }
        let current = (try? await eventLoop.submit { bound.value.takeCounters() }.get()) ?? BotCounters()
        total.add(current)
        total.connected = current.connected
        return total
    }

    /// Connects to `url` and runs until `stop()`, or until the server
    /// closes the socket and rejoining (through `url` only) gives up.
    public func run(url: String, onJoined: @escaping @Sendable (BotError?) -> Void) async {
        await run(urls: [url], first: 0, onJoined: onJoined)
    }

    /// Connects to `urls[first]` and runs until `stop()`, or until the
    /// bot cannot get (back) in: `onJoined` is called once, with nil once
    /// in the room or with the error that prevented it. A bot that loses
    /// its node rejoins through the next URLs in turn.
    public func run(urls: [String], first: Int = 0, onJoined: @escaping @Sendable (BotError?) -> Void) async {
        let joinReported = NIOLockedValueBox(false)
        let report: @Sendable (BotError?) -> Void = { error in
            let first = joinReported.withLockedValue { reported in
                defer { reported = true }
                return !reported
            }
            if first { onJoined(error) }
        }
        await runRejoining(urls: urls, first: first, report: report)
        report(.closedBeforeJoin)
        await shutDownMedia()
    }

    /// One conversation through `url`, following `redirect`s to the
    /// room's home; returns when its last socket closed.
    func connectFollowingRedirects(url: String, report: @escaping @Sendable (BotError?) -> Void) async {
        var clientConfiguration = WebSocketClientConfiguration()
        clientConfiguration.maxFrameSize = 1 << 20
        clientConfiguration.additionalHeaders = signaling.upgradeHeaders
        var target = url
        // In a cluster the first node may send the bot to the room's home.
        for hop in 0...configuration.maxRedirects {
            do {
                try await WebSocketClient.connect(
                    url: target, configuration: clientConfiguration, eventLoopGroup: environment.group,
                    logger: environment.logger
                ) { inbound, outbound, _ in
                    try await self.converse(inbound: inbound, outbound: outbound, report: report)
                }
            } catch {
                report(.connectionFailed("\(error)"))
            }
            guard let next = redirectTarget.withLockedValue({ target in defer { target = nil }; return target }) else { break }
            guard hop < configuration.maxRedirects else {
                report(.tooManyRedirects(configuration.maxRedirects))
                break
            }
            environment.logger.debug("bot redirected", metadata: ["bot": "\(configuration.name)", "to": "\(next)"])
            target = next
        }
    }

    private func converse(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, report: @escaping @Sendable (BotError?) -> Void
    ) async throws {
        let continuation = eventsContinuation
        let reader = Task {
            var iterator = inbound.makeAsyncIterator()
            while let message = try? await iterator.nextMessage(maxSize: 1 << 20) {
                if case .text(let text) = message { continuation.yield(.message(text)) }
            }
            // A reader cancelled because the conversation ended says nothing:
            // the next conversation must not read this socket's end as its own.
            if !Task.isCancelled { continuation.yield(.socketClosed) }
        }
        defer { reader.cancel() }
        let ticker = signaling.tickInterval.map { interval in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    continuation.yield(.tick)
                }
            }
        }
        defer { ticker?.cancel() }
        try await signaling.converse(
            bot: self, events: events, send: { text in try await outbound.write(.text(text)) }, report: report)
    }

    // MARK: - What the dialects call

    /// The server let the bot in as `id`: its media comes to life, and a
    /// publisher's send log is filed under `id` for the subscribers.
    func joined(as id: String) async throws {
        participant.withLockedValue { $0 = id }
        joinState.withLockedValue { state in
            if state.joins > 0 { state.rejoins += 1 }
            state.joins += 1
        }
        _ = try await makeMedia()
        if configuration.publishes { environment.sendLogs.register(sendLog, participant: id) }
    }
}
