import MediaNegotiation

/// A participant as others see it: a value, safe to keep and to hand to
/// another thread (sinks, links, events).
public struct ParticipantSnapshot: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The node it came in from by a relay (cascade); nil for a client of
    /// this node. Relays read it so that nobody is mirrored twice.
    public var relayedFrom: String?

    public init(id: String, name: String, relayedFrom: String? = nil) {
        self.id = id
        self.name = name
        self.relayedFrom = relayedFrom
    }
}

/// A published track as others see it.
public struct TrackSnapshot: Sendable, Hashable {
    /// Server-generated, stable for the track's life.
    public var id: String
    public var kind: MediaKind
    /// The publishing participant's id.
    public var participant: String
    /// The m-line of the PC the snapshot is about (publish PC for its
    /// publisher, subscribe PC for a subscriber); nil when it names none.
    public var mid: String?

    public init(id: String, kind: MediaKind, participant: String, mid: String? = nil) {
        self.id = id
        self.kind = kind
        self.participant = participant
        self.mid = mid
    }
}

/// A participant with what it publishes, as a newcomer learns of it.
public struct MemberSnapshot: Sendable, Hashable {
    public var participant: ParticipantSnapshot
    public var tracks: [TrackSnapshot]

    public init(participant: ParticipantSnapshot, tracks: [TrackSnapshot]) {
        self.participant = participant
        self.tracks = tracks
    }
}
