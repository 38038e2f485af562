import MediaNegotiation
import NIOCore

/// A room: participants who publish tracks and receive everyone else's.
/// The room decides what each subscriber gets and keeps each subscribe
/// PC's offer/answer in order; it reaches participants only through their
/// `ParticipantLink`. Confined to one worker's event loop, so forwarding
/// takes no locks.
public final class Room {
    public let name: String
    public let limits: RoomLimits
    public var maxParticipants: Int { limits.maxParticipants }
    /// Participants in join order.
    public private(set) var participants: [Participant] = []
    /// Counters for metrics.
    public internal(set) var counters = RoomCounters()
    /// Called (on the loop) when the last participant left.
    var onEmpty: ((Room) -> Void)?
    /// Sinks fed besides the subscribers (recorders); see `MediaSink`.
    var sinks: [any MediaSink] = []
    /// When periodic work is next due (`tick`).
    var schedule = RoomSchedule()
    /// Where forwarded packets are written, storage reused (`SendBufferRing`).
    var sendBuffers = SendBufferRing()
    /// The last `active-speaker` ranking sent (participant ids).
    public internal(set) var activeSpeakers: [String] = []

    public init(name: String, limits: RoomLimits) {
        self.name = name
        self.limits = limits
    }

    public convenience init(name: String, maxParticipants: Int) {
        self.init(name: name, limits: RoomLimits(maxParticipants: maxParticipants))
    }

    public var isEmpty: Bool { participants.isEmpty }

    /// Every published track of the room.
    public var publishedTracks: [PublishedTrack] { participants.flatMap(\.tracks) }

    /// Adds `participant`; the others hear `participant-joined`. Returns
    /// the others, with their tracks, for the `joined` answer. Refused when
    /// full, or when a participant with its id is here already.
    public func join(_ participant: Participant) throws(RoomError) -> [MemberSnapshot] {
        // Clients count, and the stand-ins of clients elsewhere (a room's
        // other shards and nodes); a stand-in itself is never refused, and
        // two of one id never meet.
        guard !participants.contains(where: { $0.id == participant.id }) else { throw .duplicateParticipant(participant.id) }
        guard !participant.relay.isClient || participants.count(where: { !$0.relay.isHidden }) < maxParticipants else {
            throw .full(maxParticipants: maxParticipants)
        }
        let others = participants.filter { !$0.relay.isHidden }.map {
            MemberSnapshot(participant: $0.snapshot, tracks: $0.trackSnapshots)
        }
        // A relay pulling this node's tracks is nobody's business here.
        if !participant.relay.isHidden { broadcast(.participantJoined(participant.snapshot)) }
        participants.append(participant)
        participant.room = self
        participant.messageRate = MessageRateLimiter(
            rate: limits.dataChannels.messagesPerSecond, burst: limits.dataChannels.messageBurst)
        participant.byteRate = MessageRateLimiter(
            rate: limits.dataChannels.bytesPerSecond, burst: limits.dataChannels.byteBurst)
        notifySinksJoined(participant)
        return others
    }

    /// Offers the newcomer the tracks already published (call after its
    /// `joined` answer went out).
    public func startSubscriptions(of participant: Participant) {
        guard participant.room === self else { return }
        updateSubscriptions(of: participant)
    }

    /// Removes `participant`: its tracks leave every subscriber (with a new
    /// offer each), the others hear `participant-left`, and the room forgets
    /// everything it held for it.
    public func leave(_ participant: Participant) {
        guard let index = participants.firstIndex(where: { $0 === participant }) else { return }
        dataChannelsLeave(participant)
        participants.remove(at: index)
        participant.room = nil
        let departed = participant.tracks
        participant.tracks = []
        participant.tracksBySSRC = [:]
        for track in departed {
            for subscription in track.subscriptions.values {
                subscription.subscriber.subscriptions[subscription.keyInSubscriber] = nil
                if let ssrc = subscription.ssrc { subscription.subscriber.subscriptionsBySSRC[ssrc] = nil }
            }
            track.subscriptions = [:]
        }
        for subscription in participant.subscriptions.values {
            subscription.track.subscriptions[subscription.keyInTrack] = nil
        }
        participant.subscriptions = [:]
        participant.subscriptionsBySSRC = [:]
        for other in participants {
            if !participant.relay.isHidden { other.link?.deliver(.participantLeft(participant.snapshot)) }
            if !departed.isEmpty { updateSubscriptions(of: other) }
        }
        notifySinksLeft(participant)
        if participants.isEmpty { onEmpty?(self) }
    }

    /// Sends `tracks` (the publisher's current set) to everyone else.
    func announceTracks(of publisher: Participant) {
        for other in participants where other !== publisher {
            other.link?.deliver(.tracks(participant: publisher.id, tracks: publisher.trackSnapshots))
        }
    }

    /// Tells every participant `event` (recording state, for instance).
    public func broadcast(_ event: RoomEvent) {
        for participant in participants { participant.link?.deliver(event) }
    }

    /// Tells the participant with id `participantID` `event`, if it is here.
    public func deliver(_ event: RoomEvent, to participantID: String) {
        participants.first { $0.id == participantID }?.link?.deliver(event)
    }
}
