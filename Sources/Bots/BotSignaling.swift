import HTTPTypes

/// One server's signaling dialect as a bot speaks it over its WebSocket:
/// Switchboard's contract (`ContractSignaling`) or Janus's VideoRoom API
/// (`JanusSignaling`). The dialect joins, publishes and subscribes through
/// the `Bot`'s media calls, so the media and the runner never see which
/// server it is.
protocol BotSignaling: Sendable {
    /// Extra headers of the WebSocket upgrade (Janus wants its subprotocol).
    var upgradeHeaders: HTTPFields { get }
    /// How often the conversation gets `.tick` (keepalives, polling); nil
    /// for none.
    var tickInterval: Duration? { get }
    /// Talks to the server until `.stop` (then leaves and shuts the media
    /// down) or `.socketClosed`. `report` is called with nil once the bot
    /// is in its room, or with what kept it out.
    func converse(
        bot: Bot, events: AsyncStream<BotEvent>, send: @escaping BotSend,
        report: @escaping @Sendable (BotError?) -> Void
    ) async throws
}

/// Writes one text frame to the server.
typealias BotSend = @Sendable (String) async throws -> Void

/// What drives a bot's conversation.
enum BotEvent: Sendable {
    case message(String)
    case tick
    case stop
    case socketClosed
    /// A transport of the bot's current media failed: leave, to rejoin.
    case mediaFailed
}
