import HTTPTypes
import SignalingMessages

/// Switchboard's signaling contract (docs/protocol.md): `join`, then
/// `publish` with the bot's offer, `answer` to every `offer` the server
/// sends, `leave` on stop.
struct ContractSignaling: BotSignaling {
    var upgradeHeaders: HTTPFields { HTTPFields() }
    var tickInterval: Duration? { nil }

    func converse(
        bot: Bot, events: AsyncStream<BotEvent>, send: @escaping BotSend,
        report: @escaping @Sendable (BotError?) -> Void
    ) async throws {
        let configuration = bot.configuration
        let join = ClientMessage.join(JoinRequest(room: configuration.room, name: configuration.name, token: configuration.token))
        try await send(join.jsonText())
        for await event in events {
            switch event {
            case .stop:
                try? await send(ClientMessage.leave.jsonText())
                await bot.shutDownMedia()
                return
            case .socketClosed:
                return
            case .mediaFailed:
                try? await send(ClientMessage.leave.jsonText())
                return
            case .tick:
                continue
            case .message(let text):
                guard let message = try? ServerMessage(parsing: text) else { continue }
                do {
                    if let reply = try await handle(message, bot: bot, report: report) {
                        try await send(reply.jsonText())
                    }
                } catch let error as BotError {
                    report(error)
                    bot.environment.logger.warning("bot failed", metadata: ["bot": "\(configuration.name)", "error": "\(error)"])
                }
            }
        }
    }

    private func handle(
        _ message: ServerMessage, bot: Bot, report: @escaping @Sendable (BotError?) -> Void
    ) async throws -> ClientMessage? {
        switch message {
        case .joined(let me, _, _):
            try await bot.joined(as: me.id)
            report(nil)
            guard bot.configuration.publishes else { return nil }
            return .publish(sdp: bot.publishOffer())
        case .published(let sdp, _):
            try await bot.startPublishing(answerSDP: sdp)
            return nil
        case .offer(let sdp, let tracks):
            guard bot.configuration.subscribes else { return nil }
            var mids: [String: String] = [:]
            for track in tracks { if let mid = track.mid { mids[mid] = track.participant } }
            return .answer(sdp: try await bot.answer(offerSDP: sdp, publishers: mids))
        case .redirect(let url):
            // The server closes the socket next; `Bot.run` follows the redirect.
            bot.redirectTarget.withLockedValue { $0 = url }
            return nil
        case .error(let report):
            if report.request == ClientMessage.TypeName.join {
                // A refused join ends the conversation (a rejoining bot tries again).
                bot.eventsContinuation.yield(.socketClosed)
                throw BotError.rejected(code: report.code.rawValue, message: report.message)
            }
            bot.environment.logger.warning(
                "server error",
                metadata: ["bot": "\(bot.configuration.name)", "code": "\(report.code)", "message": "\(report.message)"])
            return nil
        default:
            return nil
        }
    }
}
