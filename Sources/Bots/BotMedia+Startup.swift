import NIOCore

extension BotMedia {
    /// This bot's start-up phases so far (empty for a phase not reached).
    var startupPhases: StartupPhases {
        var phases = StartupPhases()
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

    private static func milliseconds(from start: NIODeadline, to end: NIODeadline) -> Double {
        Double(max(0, (end - start).nanoseconds)) / 1_000_000
    }
}
