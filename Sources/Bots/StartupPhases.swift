/// Where a subscribing bot's start-up time goes, in milliseconds, one
/// sample per bot (or per video stream for the keyframe): the server's
/// first subscribe offer after `joined` (signaling), that offer to the
/// subscribe PC's DTLS-SRTP being up (ICE and DTLS), that to the first
/// RTP packet, and each video stream's first complete keyframe counted
/// from when the bot could first want it (joining, or the offer that
/// brought the stream, whichever is later), and joining to the moment video
/// from every expected publisher was on, from a keyframe, and stayed on
/// for 3 s (videos sent and paused right away do not count). Samples merge
/// across bots.
public struct StartupPhases: Sendable, Hashable, Codable {
    public var offerMilliseconds: [Double] = []
    public var connectMilliseconds: [Double] = []
    public var firstPacketMilliseconds: [Double] = []
    public var firstKeyframeMilliseconds: [Double] = []
    public var allVideosMilliseconds: [Double] = []
    /// Bots that expected video from a number of publishers.
    public var botsExpectingVideos = 0

    public init() {}

    public mutating func add(_ other: StartupPhases) {
        offerMilliseconds += other.offerMilliseconds
        connectMilliseconds += other.connectMilliseconds
        firstPacketMilliseconds += other.firstPacketMilliseconds
        firstKeyframeMilliseconds += other.firstKeyframeMilliseconds
        allVideosMilliseconds += other.allVideosMilliseconds
        botsExpectingVideos += other.botsExpectingVideos
    }
}

/// The start-up phases of a run: p50, p90 and max of each.
public struct StartupReport: Sendable, Hashable, Codable {
    public struct Spread: Sendable, Hashable, Codable {
        public var samples: Int
        public var p50: Double?
        public var p90: Double?
        public var max: Double?

        init(_ values: [Double]) {
            let sorted = values.sorted()
            samples = sorted.count
            p50 = Self.percentile(sorted, 0.5)
            p90 = Self.percentile(sorted, 0.9)
            max = sorted.last
        }

        /// Nearest rank: the smallest sample with at least `fraction` of
        /// the samples at or below it.
        static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        }
    }

    /// `joined` to the first subscribe offer.
    public var offer: Spread
    /// That offer to the subscribe PC connected (ICE, DTLS).
    public var connect: Spread
    /// Connected to the first RTP packet.
    public var firstPacket: Spread
    /// Joining (or the stream's offer) to its first complete keyframe.
    public var firstKeyframe: Spread
    /// Joining to video from every publisher of the room on together (and
    /// held 3 s); `samples` counts the bots that got there.
    public var allVideos: Spread
    /// Bots that expected video from every publisher of their room.
    public var allVideosExpected: Int
    /// Of those, the ones that had it within `allVideosGoal` of joining.
    public var allVideosInTime: Int
    /// What "in time" means for `allVideosInTime`, ms.
    public static let allVideosGoal = 5_000.0

    init(_ phases: StartupPhases) {
        offer = Spread(phases.offerMilliseconds)
        connect = Spread(phases.connectMilliseconds)
        firstPacket = Spread(phases.firstPacketMilliseconds)
        firstKeyframe = Spread(phases.firstKeyframeMilliseconds)
        allVideos = Spread(phases.allVideosMilliseconds)
        allVideosExpected = phases.botsExpectingVideos
        allVideosInTime = phases.allVideosMilliseconds.filter { $0 <= Self.allVideosGoal }.count
    }
}
