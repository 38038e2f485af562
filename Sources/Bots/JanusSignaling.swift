import HTTPTypes

/// Janus's VideoRoom API over its WebSocket transport (subprotocol
/// `janus-protocol`): `JanusConversation` decides, this performs its
/// actions on the bot's media and the socket.
struct JanusSignaling: BotSignaling {
    var upgradeHeaders: HTTPFields {
        var fields = HTTPFields()
        if let name = HTTPField.Name("Sec-WebSocket-Protocol") { fields[name] = "janus-protocol" }
        return fields
    }

    /// Polls for new feeds and counts keepalive intervals.
    var tickInterval: Duration? { .seconds(1) }

    func converse(
        bot: Bot, events: AsyncStream<BotEvent>, send: @escaping BotSend,
        report: @escaping @Sendable (BotError?) -> Void
    ) async throws {
        let configuration = bot.configuration
        var conversation = JanusConversation(
            roomName: configuration.room, name: configuration.name, publishes: configuration.publishes,
            subscribes: configuration.subscribes)
        try await perform(conversation.start(), on: &conversation, bot: bot, send: send, report: report)
        for await event in events {
            let actions: [JanusConversation.Action]
            switch event {
            case .stop:
                for case .send(let request) in conversation.stop() { try? await send(request.jsonText()) }
                await bot.shutDownMedia()
                return
            case .socketClosed:
                return
            case .mediaFailed:
                for case .send(let request) in conversation.stop() { try? await send(request.jsonText()) }
                return
            case .tick:
                actions = conversation.tick()
            case .message(let text):
                guard let message = try? JanusMessage(parsing: text) else { continue }
                actions = conversation.receive(message)
            }
            try await perform(actions, on: &conversation, bot: bot, send: send, report: report)
        }
    }

    private func perform(
        _ actions: [JanusConversation.Action], on conversation: inout JanusConversation, bot: Bot, send: BotSend,
        report: @Sendable (BotError?) -> Void
    ) async throws {
        let logger = bot.environment.logger
        for action in actions {
            do {
                switch action {
                case .send(let request):
                    try await send(request.jsonText())
                case .joined(let participant):
                    try await bot.joined(as: participant)
                    report(nil)
                case .publish:
                    for request in conversation.configure(offer: bot.publishOffer()) { try await send(request.jsonText()) }
                case .startPublishing(let sdp):
                    try await bot.startPublishing(answerSDP: sdp)
                case .answer(let offer, let publishers):
                    let answer = try await bot.answer(offerSDP: offer, publishers: publishers)
                    for request in conversation.start(answer: answer) { try await send(request.jsonText()) }
                case .fail(let error):
                    throw error
                case .note(let text):
                    logger.debug("janus", metadata: ["bot": "\(bot.configuration.name)", "note": "\(text)"])
                }
            } catch let error as BotError {
                report(error)
                logger.warning("bot failed", metadata: ["bot": "\(bot.configuration.name)", "error": "\(error)"])
            }
        }
    }
}
