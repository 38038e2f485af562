import MediaNegotiation
import NIOCore

/// A track a participant publishes (an "up track"): one m-line of its
/// publish PC, with the subscriptions that forward it to the others.
/// Confined to the room's event loop.
public final class PublishedTrack {
    public let id: String
    public let kind: MediaKind
    public unowned let publisher: Participant
    /// The current negotiation of its m-line in the publish PC.
    public internal(set) var media: PublishedMedia
    /// Subscriptions by subscriber id.
    var subscriptions: [String: Subscription] = [:]
    /// For simulcast by rid: the layer forwarded (the highest for now).
    var forwardedRID: String?
    /// Publisher SSRCs seen for this track, by rid ("" without simulcast).
    var ssrcsByRID: [String: UInt32] = [:]
    var keyframeRequests: KeyframeRequestThrottle
    /// Writes PLI (or FIR) for the forwarded stream.
    var keyframeWriter: KeyframeRequestWriter?
    /// Packets and bytes received from the publisher on this track.
    public internal(set) var packetsReceived: UInt64 = 0
    public internal(set) var bytesReceived: UInt64 = 0

    init(id: String, publisher: Participant, media: PublishedMedia) {
        self.id = id
        self.kind = media.kind
        self.publisher = publisher
        self.media = media
        self.forwardedRID = media.rids.last
        self.keyframeRequests = KeyframeRequestThrottle()
    }

    public var mid: String { media.mid }

    /// The publisher's SSRC of the stream being forwarded, when known.
    var forwardedSSRC: UInt32? {
        if let rid = forwardedRID { return ssrcsByRID[rid] }
        return media.ssrc ?? ssrcsByRID[""]
    }
}

/// One subscriber's m-line for one published track (a "down track").
final class Subscription {
    let track: PublishedTrack
    unowned let subscriber: Participant
    /// Order of creation, so offers list m-lines stably.
    let sequence: Int
    /// The subscriber's m-line, once offered.
    var mid: String?
    /// The outgoing SSRC, once negotiated.
    var ssrc: UInt32?
    /// Writes the subscriber's packets; nil until its answer arrives.
    var rewriter: DownTrackRewriter?

    init(track: PublishedTrack, subscriber: Participant, sequence: Int) {
        self.track = track
        self.subscriber = subscriber
        self.sequence = sequence
    }
}
