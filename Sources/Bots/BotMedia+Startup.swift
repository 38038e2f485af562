import NIOCore

extension BotMedia {
    /// This bot's start-up phases so far (empty for a phase not reached).
    var startupPhases: StartupPhases {
        var phases = StartupPhases()
        if expectedVideoPublishers > 0 {
            phases.botsExpectingVideos = 1
            if let allVideosAt {
                phases.allVideosMilliseconds = [Self.milliseconds(from: joinedAt, to: allVideosAt)]
            }
        }
        guard let firstOfferAt else { return phases }
        phases.offerMilliseconds = [Self.milliseconds(from: joinedAt, to: firstOfferAt)]
        if let subscribeConnectedAt {
            phases.connectMilliseconds = [Self.milliseconds(from: firstOfferAt, to: subscribeConnectedAt)]
            if let firstPacketAt {
                phases.firstPacketMilliseconds = [Self.milliseconds(from: subscribeConnectedAt, to: firstPacketAt)]
            }
        }
        phases.firstKeyframeMilliseconds = incoming.values.compactMap { stream in
            stream.isVideo ? stream.firstKeyframeDelay.map { Double($0) / 1_000_000 } : nil
        }
        return phases
    }

    /// How long every video must stay on for the start-up to count: the
    /// videos a server sends before it knows the subscriber's bandwidth,
    /// then pauses, do not.
    static let allVideosHold = TimeAmount.seconds(3)

    /// The first moment from which video from every expected publisher
    /// was on, from a keyframe, for `allVideosHold` without a stop; nil
    /// if there was none (yet). A publisher's streams count together (a
    /// renegotiation may bring a second).
    var allVideosAt: NIODeadline? {
        guard expectedVideoPublishers > 0 else { return nil }
        var spellsByPublisher: [String: [VideoSpell]] = [:]
        for stream in incoming.values where stream.isVideo {
            spellsByPublisher[stream.publisher, default: []] += stream.onSpells
        }
        guard spellsByPublisher.count >= expectedVideoPublishers else { return nil }
        // Coverage only changes where a spell starts: the answer is one of those.
        let starts = spellsByPublisher.values.flatMap { $0.map(\.start) }.sorted()
        return starts.first { start in
            spellsByPublisher.values.allSatisfy { spells in
                spells.contains { $0.covers(start, for: Self.allVideosHold) }
            }
        }
    }

    private static func milliseconds(from start: NIODeadline, to end: NIODeadline) -> Double {
        Double(max(0, (end - start).nanoseconds)) / 1_000_000
    }
}
