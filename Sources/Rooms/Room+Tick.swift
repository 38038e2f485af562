import NIOCore

/// When the room's periodic work is next due.
struct RoomSchedule {
    var nextAllocation: NIODeadline?
    var nextReports: NIODeadline?
    var nextSpeakerUpdate: NIODeadline?
    var lastTick: NIODeadline?
}

extension Room {
    /// Layers are re-chosen this often.
    static let allocationInterval: TimeAmount = .milliseconds(500)
    /// SRs and RRs (RFC 3550 §6.2 allows far more often at these rates).
    static let reportInterval: TimeAmount = .seconds(1)
    /// The active-speaker ranking is updated this often.
    static let speakerInterval: TimeAmount = .milliseconds(300)

    /// Runs what is due: held-back keyframe requests, NACKs and TWCC
    /// feedback to publishers and padding probes to subscribers (every
    /// call), layer choice, receiver and sender reports, the active speaker. The I/O layer calls it every
    /// ~50 ms.
    public func tick(now: NIODeadline) {
        pollKeyframeRequests(now: now)
        let elapsed = min(max(now - (schedule.lastTick ?? now), .zero), .milliseconds(200))
        schedule.lastTick = now
        for participant in participants where !participant.tracks.isEmpty {
            sendPublisherFeedback(to: participant, now: now)
        }
        if now >= schedule.nextAllocation ?? now {
            schedule.nextAllocation = now + Self.allocationInterval
            for participant in participants { allocateLayers(for: participant, now: now) }
            updateWantedLayers(now: now)
        }
        for participant in participants where !participant.subscriptions.isEmpty {
            probeBandwidth(of: participant, elapsed: elapsed, now: now)
        }
        if now >= schedule.nextReports ?? now {
            schedule.nextReports = now + Self.reportInterval
            for participant in participants {
                if !participant.tracks.isEmpty { sendPublisherReports(to: participant, now: now) }
                if !participant.subscriptions.isEmpty { sendSubscriberReports(to: participant, now: now) }
            }
        }
        if now >= schedule.nextSpeakerUpdate ?? now {
            schedule.nextSpeakerUpdate = now + Self.speakerInterval
            updateActiveSpeakers()
        }
    }
}
