/// A bot's counters at one moment, read on its event loop. Cumulative
/// except `intervalLatency`, which holds the samples since the previous
/// snapshot.
public struct BotCounters: Sendable {
    public var connected = false
    public var packetsSent: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var retransmissionsSent: UInt64 = 0
    public var keyframeRequestsReceived: UInt64 = 0
    public var nacksReceived: UInt64 = 0
    public var framesSkipped: UInt64 = 0
    public var audio = StreamStatistics()
    public var video = StreamStatistics()
    /// Every received stream on its own.
    public var streams: [StreamReport] = []
    /// Where start-up time went (per bot, and per video stream).
    public var startup = StartupPhases()
    public var latency = LatencyHistogram()
    public var intervalLatency = LatencyHistogram()
    /// Datagrams and bytes on the bot's sockets, every kind (STUN, DTLS,
    /// SRTP, SRTCP): what the server's packet counters see from the other side.
    public var datagramsSent: UInt64 = 0
    public var datagramsReceived: UInt64 = 0
    /// Data channel messages (`--data-rate`) and their latency.
    public var data = DataLoadCounters()
    public var dataLatency = LatencyHistogram()
    public var dataIntervalLatency = LatencyHistogram()
    /// Times the bot joined again after losing its node, and bots that
    /// gave up trying (0 or 1 per bot).
    public var rejoins: UInt64 = 0
    public var botsLost = 0

    public init() {}

    public mutating func add(_ other: BotCounters) {
        packetsSent &+= other.packetsSent
        bytesSent &+= other.bytesSent
        retransmissionsSent &+= other.retransmissionsSent
        keyframeRequestsReceived &+= other.keyframeRequestsReceived
        nacksReceived &+= other.nacksReceived
        framesSkipped &+= other.framesSkipped
        audio.add(other.audio)
        video.add(other.video)
        streams.append(contentsOf: other.streams)
        startup.add(other.startup)
        latency.merge(other.latency)
        intervalLatency.merge(other.intervalLatency)
        datagramsSent &+= other.datagramsSent
        datagramsReceived &+= other.datagramsReceived
        data.add(other.data)
        dataLatency.merge(other.dataLatency)
        dataIntervalLatency.merge(other.dataIntervalLatency)
        rejoins &+= other.rejoins
        botsLost += other.botsLost
    }

    /// Every received stream, audio and video.
    public var received: StreamStatistics {
        var total = audio
        total.add(video)
        return total
    }
}
