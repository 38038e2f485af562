import NIOCore

/// Why a keyframe is wanted from a publisher.
public enum KeyframeRequestReason: Sendable, Hashable, CaseIterable {
    /// A new down track waits for a keyframe.
    case newSubscriber
    /// A down track switched simulcast layer.
    case layerSwitch
    /// A subscriber sent a PLI (RFC 4585 §6.3.1).
    case subscriberPictureLoss
    /// A subscriber sent a FIR (RFC 5104 §4.3.1).
    case subscriberFullIntraRequest
    /// Anything else (e.g. a recorder starting).
    case other
}

/// Limits keyframe requests (PLI/FIR) to a published video track: at most
/// one per `interval`; requests during the hold-off are merged into one
/// sent when it ends, and a keyframe arriving meanwhile cancels it. Every
/// subscriber that joins or switches layer asks, so without this a
/// publisher would be flooded and its bitrate spent on keyframes. A value
/// type driven by the caller's clock (`now`); the caller arms a timer for
/// `pendingDeadline` and calls `poll(now:)` when it fires.
public struct KeyframeRequestThrottle: Sendable, Hashable {
    /// The minimum time between two requests sent.
    public var interval: TimeAmount
    /// When the last request was sent, nil before the first.
    public private(set) var lastSent: NIODeadline?
    /// When a merged request is due, nil when none is pending.
    public private(set) var pendingDeadline: NIODeadline?
    /// Requests sent.
    public private(set) var requestsSent: UInt64 = 0
    /// Requests merged into a pending or recent one.
    public private(set) var requestsMerged: UInt64 = 0
    /// Pending requests cancelled by a keyframe.
    public private(set) var requestsCancelled: UInt64 = 0

    /// A throttle sending at most one request per `interval`. The default,
    /// 300 ms, is libwebrtc's own floor: its encoder ignores a PLI or FIR
    /// that comes sooner after the last one it honoured, so a shorter
    /// interval would send requests that are dropped, and a longer one
    /// makes every subscriber who joins just after another wait for it.
    public init(interval: TimeAmount = .milliseconds(300)) {
        self.interval = interval
    }

    /// Whether to send a request now for `reason`. When not, the request is
    /// merged into one due at `pendingDeadline`.
    public mutating func request(now: NIODeadline, reason: KeyframeRequestReason) -> Bool {
        if let lastSent, now < lastSent + interval {
            if pendingDeadline == nil { pendingDeadline = lastSent + interval }
            requestsMerged &+= 1
            return false
        }
        markSent(now)
        return true
    }

    /// Whether a merged request is due at `now`; if so it counts as sent.
    public mutating func poll(now: NIODeadline) -> Bool {
        guard let pendingDeadline, now >= pendingDeadline else { return false }
        markSent(now)
        return true
    }

    /// A keyframe arrived from the publisher: pending requests are void.
    public mutating func keyframeReceived(now: NIODeadline) {
        if pendingDeadline != nil {
            pendingDeadline = nil
            requestsCancelled &+= 1
        }
    }

    private mutating func markSent(_ now: NIODeadline) {
        lastSent = now
        pendingDeadline = nil
        requestsSent &+= 1
    }
}
