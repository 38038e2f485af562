/// Who a bot is in its room and what it does there.
public struct BotConfiguration: Sendable, Hashable {
    public var room: String
    public var name: String
    /// Publishes `plan`'s media on a publish PC.
    public var publishes: Bool
    /// Answers the server's offers and measures what arrives.
    public var subscribes: Bool
    public var plan: BotMediaPlan
    /// A subscriber decrypts every Nth RTP packet and counts the others by
    /// their clear header, and sends no TWCC feedback or NACKs (1: decrypts and
    /// measures every packet, feeds back as a browser does).
    public var verifyEvery = 1
    /// How many publishers' video this bot should receive: its "all videos"
    /// start-up time waits for all of them (0: not measured).
    public var expectedVideoPublishers = 0
    /// A join token, when the server needs one.
    public var token: String?
    /// `redirect`s followed to reach the room's home node in a cluster;
    /// past it the join fails (a loop between misconfigured nodes).
    public var maxRedirects = 3
    /// Seconds a bot that lost its node keeps trying to join again
    /// (`RejoinBackoff`); 0: it does not rejoin.
    public var rejoinWindow: Double = 60

    public init(
        room: String, name: String, publishes: Bool, subscribes: Bool, plan: BotMediaPlan = BotMediaPlan(),
        token: String? = nil
    ) {
        self.room = room
        self.name = name
        self.publishes = publishes
        self.subscribes = subscribes
        self.plan = plan
        self.token = token
    }
}

/// Why a bot could not join or stopped early.
public enum BotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The WebSocket could not be opened (server down, wrong URL).
    case connectionFailed(String)
    /// The server answered with `error`.
    case rejected(code: String, message: String)
    /// The server's SDP lacked something the bot needs.
    case badServerSDP(String)
    /// The socket closed before `joined`.
    case closedBeforeJoin
    /// More `redirect`s than `maxRedirects`.
    case tooManyRedirects(Int)

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "cannot connect: \(reason)"
        case .rejected(let code, let message): "server error \(code): \(message)"
        case .badServerSDP(let reason): "unusable server SDP: \(reason)"
        case .closedBeforeJoin: "the server closed the socket before joined"
        case .tooManyRedirects(let hops): "more than \(hops) redirects"
        }
    }
}
