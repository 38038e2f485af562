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

/// One bot: a full client of the signaling contract (docs/protocol.md) with
/// its own publish and subscribe PCs. `run` joins, publishes and answers
/// offers until `stop()`, then sends `leave` and closes its transports.
public final class Bot: Sendable {
    public let configuration: BotConfiguration
    let environment: BotEnvironment
    let eventLoop: any EventLoop
    private let events: AsyncStream<Event>
    private let eventsContinuation: AsyncStream<Event>.Continuation
    let media = NIOLockedValueBox<NIOLoopBound<BotMedia>?>(nil)
    private let participant = NIOLockedValueBox<String?>(nil)
    /// Where the last `redirect` pointed, until the bot follows it.
    private let redirectTarget = NIOLockedValueBox<String?>(nil)
    /// Counts sockets, so a closed socket's late event is not taken for the next one's.
    private let generation = NIOLockedValueBox(0)
    /// When this bot's payloads left, for the subscribers' latency.
    let sendLog = SendLog()
    /// SSRCs: audio, three video layers, their three RTX streams.
    let ssrcs: [UInt32]

    enum Event: Sendable {
        case message(String)
        case stop
        case socketClosed(generation: Int)
    }

    init(configuration: BotConfiguration, environment: BotEnvironment, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.environment = environment
        self.eventLoop = eventLoop
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
        eventsContinuation.yield(.stop)
    }

    /// The bot's counters (zero before its media exists).
    public func counters() async -> BotCounters {
        guard let bound = media.withLockedValue({ $0 }) else { return BotCounters() }
        return (try? await eventLoop.submit { bound.value.takeCounters() }.get()) ?? BotCounters()
    }

    /// Connects to `url` and runs until `stop()` or the server closes the
    /// socket. `onJoined` is called once: with nil after `joined`, or with
    /// the error that prevented it.
    public func run(url: String, onJoined: @escaping @Sendable (BotError?) -> Void) async {
        let joinReported = NIOLockedValueBox(false)
        let report: @Sendable (BotError?) -> Void = { error in
            let first = joinReported.withLockedValue { reported in
                defer { reported = true }
                return !reported
            }
            if first { onJoined(error) }
        }
        var clientConfiguration = WebSocketClientConfiguration()
        clientConfiguration.maxFrameSize = 1 << 20
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
        report(.closedBeforeJoin)
        await shutDownMedia()
    }

    private func converse(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, report: @escaping @Sendable (BotError?) -> Void
    ) async throws {
        let continuation = eventsContinuation
        let socket = generation.withLockedValue { generation in
            generation += 1
            return generation
        }
        let reader = Task {
            var iterator = inbound.makeAsyncIterator()
            while let message = try? await iterator.nextMessage(maxSize: 1 << 20) {
                if case .text(let text) = message { continuation.yield(.message(text)) }
            }
            continuation.yield(.socketClosed(generation: socket))
        }
        defer { reader.cancel() }
        let join = ClientMessage.join(JoinRequest(room: configuration.room, name: configuration.name, token: configuration.token))
        try await outbound.write(.text(join.jsonText()))
        var session = SignalingState()
        for await event in events {
            switch event {
            case .stop:
                try? await outbound.write(.text(ClientMessage.leave.jsonText()))
                await shutDownMedia()
                return
            case .socketClosed(let closed):
                guard closed == socket else { continue }
                return
            case .message(let text):
                guard let message = try? ServerMessage(parsing: text) else { continue }
                do {
                    if let reply = try await handle(message, session: &session, report: report) {
                        try await outbound.write(.text(reply.jsonText()))
                    }
                } catch let error as BotError {
                    report(error)
                    environment.logger.warning("bot failed", metadata: ["bot": "\(configuration.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// What the signaling exchange has set up so far.
    struct SignalingState {
        var publishCredentials = ICECredentials.random()
        var subscribeCredentials = ICECredentials.random()
        let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
    }

    private func handle(
        _ message: ServerMessage, session: inout SignalingState, report: @escaping @Sendable (BotError?) -> Void
    ) async throws -> ClientMessage? {
        switch message {
        case .joined(let me, _, _):
            participant.withLockedValue { $0 = me.id }
            let media = try await makeMedia()
            _ = media
            report(nil)
            guard configuration.publishes else { return nil }
            environment.sendLogs.register(sendLog, participant: me.id)
            let offer = publishOffer(credentials: session.publishCredentials, sessionID: session.sessionID)
            return .publish(sdp: offer.serialized())
        case .published(let sdp, _):
            try await startPublishing(answerSDP: sdp, credentials: session.publishCredentials)
            return nil
        case .offer(let sdp, let tracks):
            guard configuration.subscribes else { return nil }
            return try await answer(offerSDP: sdp, tracks: tracks, credentials: session.subscribeCredentials,
                                    sessionID: session.sessionID)
        case .redirect(let url):
            // The server closes the socket next; `run` follows the redirect.
            redirectTarget.withLockedValue { $0 = url }
            return nil
        case .error(let report):
            if report.request == ClientMessage.TypeName.join {
                throw BotError.rejected(code: report.code.rawValue, message: report.message)
            }
            environment.logger.warning(
                "server error", metadata: ["bot": "\(configuration.name)", "code": "\(report.code)", "message": "\(report.message)"])
            return nil
        default:
            return nil
        }
    }

    private func startPublishing(answerSDP: String, credentials: ICECredentials) async throws {
        let answer: SessionDescription
        do {
            answer = try SessionDescription(parsing: answerSDP)
        } catch {
            throw BotError.badServerSDP("\(error)")
        }
        let server = try ServerTransportInfo(from: answer)
        let media = try await makeMedia()
        let worker = try await BotMedia.bindWorker(
            on: eventLoop, toward: server.host, dtlsContext: environment.dtlsContext, logger: environment.logger)
        let plan = configuration.plan
        let library = environment.library
        let bot = self
        try await eventLoop.submit {
            var random = SystemRandomNumberGenerator()
            var streams: [OutgoingStream] = []
            let start = Int64(NIODeadline.now().uptimeNanoseconds)
            if plan.audio {
                streams.append(
                    OutgoingStream(
                        clip: library.audio, ssrc: bot.ssrcs[0],
                        payloadType: BotMediaPlan.opusPayloadType, rtxSSRC: nil, rtxPayloadType: nil,
                        mid: BotMediaPlan.audioMID, rid: nil, start: start, random: &random))
            }
            if plan.video {
                for (layer, clip) in library.videoLayers.enumerated() {
                    streams.append(
                        OutgoingStream(
                            clip: clip, ssrc: bot.ssrcs[1 + layer],
                            payloadType: BotMediaPlan.vp8PayloadType,
                            rtxSSRC: bot.ssrcs[4 + layer],
                            rtxPayloadType: BotMediaPlan.rtxPayloadType, mid: BotMediaPlan.videoMID,
                            rid: plan.simulcast ? BotMediaPlan.simulcastRIDs[layer] : nil, start: start, random: &random))
                }
            }
            try media.value.startPublishing(
                worker: worker, remote: server.address, credentials: credentials,
                serverCredentials: server.credentials, fingerprint: server.fingerprint, streams: streams)
        }.get()
    }

    private func answer(
        offerSDP: String, tracks: [TrackInfo], credentials: ICECredentials, sessionID: UInt64
    ) async throws -> ClientMessage {
        let offer: SessionDescription
        do {
            offer = try SessionDescription(parsing: offerSDP)
        } catch {
            throw BotError.badServerSDP("\(error)")
        }
        var mids: [String: String] = [:]
        for track in tracks { if let mid = track.mid { mids[mid] = track.participant } }
        let publishers = mids
        let media = try await makeMedia()
        let needsTransport = try await eventLoop.submit {
            media.value.expect(offer: offer, publishers: publishers)
            return !media.value.hasSubscribeTransport
        }.get()
        if needsTransport, offer.media.contains(where: { !$0.isRejected }) {
            let server = try ServerTransportInfo(from: offer)
            let worker = try await BotMedia.bindWorker(
                on: eventLoop, toward: server.host, dtlsContext: environment.dtlsContext, logger: environment.logger)
            try await eventLoop.submit {
                try media.value.startSubscribing(
                    worker: worker, remote: server.address, credentials: credentials,
                    serverCredentials: server.credentials, fingerprint: server.fingerprint)
            }.get()
        }
        let builder = SubscribeAnswerBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: environment.sdpFingerprint)
        return .answer(sdp: builder.answer(offer, sessionID: sessionID).serialized())
    }

    /// Stops the media and closes its sockets (idempotent).
    private func shutDownMedia() async {
        guard let bound = media.withLockedValue({ $0 }) else { return }
        let workers: [MediaWorker] =
            (try? await eventLoop.submit {
                bound.value.stop()
                return bound.value.workers
            }.get()) ?? []
        // Let the close_notify alerts leave before the sockets close.
        try? await Task.sleep(for: .milliseconds(50))
        for worker in workers { try? await worker.close() }
    }
}
