import MediaNegotiation
import NIOCore

/// One subscriber's m-line for one published track (a "down track"): the
/// simulcast layer it gets, what the subscriber asked for, and the
/// outgoing stream once the subscriber answered (mediasoup's Consumer with
/// its RtpStreamSend).
final class Subscription {
    let track: PublishedTrack
    unowned let subscriber: Participant
    /// Order of creation, so offers list m-lines stably.
    let sequence: Int
    /// A relay's down track of one simulcast layer (cascade): it always
    /// carries that layer and is never paused, so every layer crosses to
    /// the far node, which chooses among them for its own subscribers.
    let pinnedLayer: String?
    /// The subscriber's m-line, once offered.
    var mid: String?
    /// What goes out on the m-line; nil until the subscriber's answer.
    var outbound: OutboundStream?

    /// The layer forwarded now (nil before the first keyframe), and the one
    /// wanted: a switch happens at a keyframe of the target.
    var currentLayer: String?
    var targetLayer: String?
    /// Highest VP8 temporal layer forwarded (nil: all).
    var maxTemporalLayer: UInt8?
    /// Nothing fits the subscriber's bandwidth: video is not forwarded.
    var isPaused = false
    /// What the subscriber asked for (`track-settings`).
    var settings = SubscriptionSettings()

    init(track: PublishedTrack, subscriber: Participant, sequence: Int, pinnedLayer: String? = nil) {
        self.track = track
        self.subscriber = subscriber
        self.sequence = sequence
        self.pinnedLayer = pinnedLayer
    }

    /// Its key in the subscriber's `subscriptions` (and its track id in
    /// offers): the track id, with `#<rid>` for a pinned layer.
    var keyInSubscriber: String { Self.key(track.id, pinnedLayer) }
    /// Its key in the track's `subscriptions`: the subscriber id, likewise.
    var keyInTrack: String { Self.key(subscriber.id, pinnedLayer) }

    static func key(_ id: String, _ layer: String?) -> String {
        layer.map { "\(id)#\($0)" } ?? id
    }

    /// The outgoing SSRC, once negotiated.
    var ssrc: UInt32? { outbound?.ssrc }

    /// The layer whose packets go out now, or become the next source.
    var wantedLayer: String? { targetLayer ?? currentLayer }

    /// Whether anything was forwarded on the down track yet.
    var hasForwarded: Bool { outbound?.hasForwarded ?? false }
}

/// What a subscriber asked for one track: a quality ceiling, a size it
/// displays at, or nothing at all (video off).
public struct SubscriptionSettings: Sendable, Hashable {
    /// Highest layer index wanted (0 lowest); nil for no ceiling.
    public var maxLayer: Int?
    /// The size the track is displayed at; the smallest layer at least
    /// this wide is enough.
    public var width: Int?
    public var height: Int?
    /// The subscriber turned the track off.
    public var disabled = false

    public init(maxLayer: Int? = nil, width: Int? = nil, height: Int? = nil, disabled: Bool = false) {
        self.maxLayer = maxLayer
        self.width = width
        self.height = height
        self.disabled = disabled
    }
}
