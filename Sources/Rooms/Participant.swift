import MediaNegotiation
import NIOCore

/// A member of a room: what it publishes, what it receives, and the state
/// of its subscribe PC's offer/answer. Confined to the room's event loop.
public final class Participant {
    public let id: String
    public let name: String
    public weak var link: (any ParticipantLink)?
    public internal(set) weak var room: Room?

    /// Published tracks in m-line order of the publish PC.
    /// False for a publish-only participant (a WHIP client): the room
    /// subscribes it to nothing.
    public var receivesMedia = true
    /// A client, or one end of a relay between nodes (cascade).
    public var relay = RelayRole.none
    /// True for a viewer whose tracks its own offer bound (a WHEP client):
    /// it never gets an offer, and tracks published later are not added.
    public internal(set) var watchesFixedTracks = false
    public internal(set) var tracks: [PublishedTrack] = []
    /// Publisher SSRC to (track, rid) for routing inbound RTP.
    var tracksBySSRC: [UInt32: (track: PublishedTrack, rid: String)] = [:]
    /// Publisher RTX SSRC (RFC 4588) to the (track, rid) it repairs.
    var repairsBySSRC: [UInt32: (track: PublishedTrack, rid: String)] = [:]
    /// The publish PC: congestion feedback, receiver reports and NACKs.
    var publisherConnection = PublisherConnection()
    /// Subscriptions by published track id.
    var subscriptions: [String: Subscription] = [:]
    /// Subscriptions by the outgoing SSRC, for the subscriber's RTCP.
    var subscriptionsBySSRC: [UInt32: Subscription] = [:]
    var negotiator = SubscribeNegotiator()
    /// Answers the publish PC's offers (keeps its m-line history).
    var publishAnswerer: PublishAnswerer?
    var offerInFlight = false
    var offerPending = false
    var hasOffered = false
    var nextSubscriptionSequence = 0
    /// The subscribe PC: numbering, bandwidth estimate, probes, the one `send`.
    var subscriberConnection = SubscriberConnection()
    /// Whether the subscribe PC's DTLS-SRTP is up: until then a keyframe
    /// sent to it is lost, so asking for one waits for `subscriberConnected`.
    var subscribeTransportConnected = false

    /// True when its link carries data channels (a WebSocket session): its
    /// publish offers may have an m=application and its subscribe offers get one.
    public var usesDataChannels = false
    /// Channels it opened on its publish PC, by stream id.
    var publishedChannels: [UInt16: PublishedChannel] = [:]
    /// Channels the server opened on its subscribe PC, by stream id.
    var forwardedChannels: [UInt16: ForwardedChannel] = [:]
    /// Whether its subscribe PC's SCTP association is up.
    var receivesDataChannels = false
    /// Messages for it while its subscribe PC's association is not up yet
    /// (bounded by bytes), sent once it is: a channel's first messages are
    /// not lost to the race between a sender and a receiver's negotiation.
    var pendingDataMessages: [PendingDataMessage] = []
    var pendingDataBytes = 0
    /// Set when nothing more is held for it until its association is up:
    /// the held messages outgrew their bound (all were dropped, so it sees
    /// the messages from some point on, never a gap between two), or its
    /// association or data m-line ended.
    var pendingDataOverflowed = false
    /// Its message rate (set from the room's limits on join).
    var messageRate = MessageRateLimiter(rate: 1, burst: 1)
    var byteRate = MessageRateLimiter(rate: 1, burst: 1)

    public convenience init(name: String, link: (any ParticipantLink)?) {
        self.init(id: Identifiers.participant(), name: name, link: link)
    }

    /// A participant with a given id: the one standing for a far node's
    /// participant (cascade) keeps that participant's id, so clients on
    /// every node address it alike. The room refuses an id it holds already.
    public init(id: String, name: String, link: (any ParticipantLink)?) {
        self.id = id
        self.name = name
        self.link = link
    }

    /// This participant as others see it.
    public var snapshot: ParticipantSnapshot {
        switch relay {
        case .publisher(let node), .shardPublisher(_, let node?): ParticipantSnapshot(id: id, name: name, relayedFrom: node)
        default: ParticipantSnapshot(id: id, name: name)
        }
    }

    /// Its published tracks as others see them (no mid).
    public var trackSnapshots: [TrackSnapshot] {
        tracks.filter { $0.media.isActive }.map {
            TrackSnapshot(id: $0.id, kind: $0.kind, participant: id)
        }
    }

    /// Number of tracks this participant receives.
    public var subscriptionCount: Int { subscriptions.count }
}
