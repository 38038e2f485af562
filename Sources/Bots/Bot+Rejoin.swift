import NIOCore

/// What a bot knows about its joins: how many, whether it stopped, and the
/// generation of its media (a failure of media already replaced is stale).
struct BotJoinState: Sendable {
    var joins = 0
    var rejoins = 0
    var stopped = false
    /// Gave up rejoining: the window passed without getting back in.
    var lost = false
    var mediaGeneration = 0
    /// Counters of the media of earlier joins, carried into the totals.
    var retired = BotCounters()
}

extension Bot {
    /// Runs the bot's conversations: the first through `urls[first]`, and,
    /// when the bot loses its node after joining, new ones with backoff
    /// through the next URLs in turn (`RejoinBackoff`), for up to
    /// `configuration.rejoinWindow` seconds after each loss.
    func runRejoining(urls: [String], first: Int, report: @escaping @Sendable (BotError?) -> Void) async {
        var index = first % urls.count
        var backoff = RejoinBackoff(window: configuration.rejoinWindow)
        while true {
            let joinsBefore = joinState.withLockedValue { $0.joins }
            await connectFollowingRedirects(url: urls[index], report: report)
            let state = joinState.withLockedValue { $0 }
            guard !state.stopped, configuration.rejoinWindow > 0, state.joins > 0 else { return }
            let now = Self.uptimeSeconds
            if state.joins > joinsBefore {
                backoff.lost(at: now)
                environment.logger.info("bot lost its node, rejoining", metadata: ["bot": "\(configuration.name)"])
            }
            guard let delay = backoff.delay(now: now) else {
                joinState.withLockedValue { $0.lost = true }
                environment.logger.warning(
                    "bot gave up rejoining", metadata: ["bot": "\(configuration.name)", "after": "\(configuration.rejoinWindow) s"])
                return
            }
            await retireMedia()
            guard await sleepUnlessStopped(seconds: delay) else { return }
            index = (index + 1) % urls.count
        }
    }

    /// Called by the media of generation `generation` when one of its
    /// transports failed: the conversation leaves, and the bot rejoins.
    func mediaFailed(generation: Int) {
        let current = joinState.withLockedValue { !$0.stopped && $0.mediaGeneration == generation }
        if current { eventsContinuation.yield(.mediaFailed) }
    }

    /// Stops the media of the lost join and keeps its counters for the
    /// totals. Its last counters join `retired` as the media goes, under one
    /// lock (`counters()` takes both under it too): a sample never counts
    /// them twice or misses them.
    private func retireMedia() async {
        guard let bound = media.withLockedValue({ $0 }) else { return }
        await shutDownMedia()
        let last = (try? await eventLoop.submit { bound.value.takeCounters() }.get()) ?? BotCounters()
        joinState.withLockedValue { state in
            state.retired.add(last)
            media.withLockedValue { $0 = nil }
        }
    }

    /// False when the bot was stopped meanwhile.
    private func sleepUnlessStopped(seconds: Double) async -> Bool {
        let until = NIODeadline.now() + .nanoseconds(Int64(seconds * 1e9))
        while NIODeadline.now() < until {
            if joinState.withLockedValue({ $0.stopped }) { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return !joinState.withLockedValue { $0.stopped }
    }

    static var uptimeSeconds: Double { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }
}
