/// What `switchboard loadtest` runs: the scenario and the pass criteria.
public struct LoadTestOptions: Sendable, Hashable, Codable {
    /// Signaling URLs; bot i joins through `urls[i % urls.count]`, so the
    /// bots of one room spread over the nodes of a cluster.
    public var urls: [String]
    /// The server's kind, and so the bots' signaling dialect.
    public var target: LoadTestTarget
    /// SRTP profiles the bots offer in DTLS, preferred first; nil for the
    /// target's default (see `BotEnvironment.srtpProfiles(for:)`).
    public var srtpProfiles: [String]?
    public var rooms: Int
    public var publishersPerRoom: Int
    public var subscribersPerRoom: Int
    public var durationSeconds: Double
    public var videoKbps: Int
    public var audioOnly: Bool
    public var simulcast: Bool
    /// Bots started per second.
    public var rampPerSecond: Double
    /// Fail when more than this percentage of packets is lost.
    public var maxLossPercent: Double?
    /// Fail when the 99th percentile latency is above this, in milliseconds.
    public var maxP99LatencyMilliseconds: Double?
    /// Prefix of the room names (`<prefix>-0`, `<prefix>-1`, ...).
    public var roomPrefix: String
    /// Seconds the clips loop over.
    public var clipSeconds: Int
    /// Publishers send their frames this many times faster than real time.
    public var replaySpeed: Double = 1
    /// Subscribers decrypt every Nth RTP packet and count the rest by header.
    public var verifyEvery = 1
    /// Data channel messages per second per publisher (0: none), and their size.
    public var dataRate: Double = 0
    public var dataMessageBytes = 256
    /// Seconds a bot that lost its node keeps trying to rejoin (0: never).
    public var rejoinSeconds: Double = 60

    public init(
        url: String = "ws://127.0.0.1:8080/rtc", rooms: Int = 1, publishersPerRoom: Int = 1, subscribersPerRoom: Int = 1,
        durationSeconds: Double = 60, videoKbps: Int = 500, audioOnly: Bool = false, simulcast: Bool = false,
        rampPerSecond: Double = 10, maxLossPercent: Double? = nil, maxP99LatencyMilliseconds: Double? = nil,
        roomPrefix: String = "loadtest", clipSeconds: Int = 10, target: LoadTestTarget = .switchboard,
        srtpProfiles: [String]? = nil, additionalURLs: [String] = []
    ) {
        self.urls = [url] + additionalURLs
        self.target = target
        self.srtpProfiles = srtpProfiles
        self.rooms = rooms
        self.publishersPerRoom = publishersPerRoom
        self.subscribersPerRoom = subscribersPerRoom
        self.durationSeconds = durationSeconds
        self.videoKbps = videoKbps
        self.audioOnly = audioOnly
        self.simulcast = simulcast
        self.rampPerSecond = rampPerSecond
        self.maxLossPercent = maxLossPercent
        self.maxP99LatencyMilliseconds = maxP99LatencyMilliseconds
        self.roomPrefix = roomPrefix
        self.clipSeconds = clipSeconds
    }

    /// The first signaling URL (the only one on a single server).
    public var url: String { urls[0] }

    /// Bots in the whole run.
    public var botCount: Int { rooms * (publishersPerRoom + subscribersPerRoom) }

    /// Streams the subscribers should receive: every publisher's tracks
    /// at every subscriber of its room (one layer per simulcast track).
    public var expectedStreams: Int {
        rooms * publishersPerRoom * subscribersPerRoom * (audioOnly ? 1 : 2)
    }

    /// The media each publisher sends.
    public var plan: BotMediaPlan {
        var plan = BotMediaPlan(
            audio: true, video: !audioOnly, simulcast: simulcast && !audioOnly, videoKbps: videoKbps,
            replaySpeed: replaySpeed)
        plan.dataRate = dataRate
        plan.dataMessageBytes = dataMessageBytes
        return plan
    }

    /// The bots, publishers of each room first, rooms interleaved so a
    /// ramp fills every room at once.
    public var botConfigurations: [BotConfiguration] {
        var bots: [BotConfiguration] = []
        let perRoom = publishersPerRoom + subscribersPerRoom
        for slot in 0..<perRoom {
            for room in 0..<rooms {
                let publishes = slot < publishersPerRoom
                let name = publishes ? "pub-\(room)-\(slot)" : "sub-\(room)-\(slot - publishersPerRoom)"
                var bot = BotConfiguration(
                    room: "\(roomPrefix)-\(room)", name: name, publishes: publishes, subscribes: !publishes, plan: plan)
                bot.verifyEvery = verifyEvery
                bot.rejoinWindow = rejoinSeconds
                if !publishes && !audioOnly { bot.expectedVideoPublishers = publishersPerRoom }
                bots.append(bot)
            }
        }
        return bots
    }
}
