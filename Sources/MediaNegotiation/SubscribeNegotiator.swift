import SDP

/// The server's side of one participant's subscribe peer connection: which
/// track each m-line carries, the SSRCs the server sends with, and the
/// offer awaiting its answer.
///
/// m-lines are slots with mids "0", "1", ... that are never removed or
/// reordered (RFC 8829 §5.2.2). A slot whose track went away is offered
/// `a=inactive` and reused by the next track of the same kind, with fresh
/// SSRCs; an m-line the client rejected stays rejected (port 0).
public struct SubscribeNegotiator: Sendable {
    /// One m-line of the subscribe peer connection.
    public struct Slot: Sendable, Hashable {
        public var mid: String
        public var kind: MediaKind
        /// The track forwarded in this m-line; nil when the slot is free.
        public var track: OutgoingTrack?
        /// The server's SSRC for the current track (random, non-zero, unique).
        public var ssrc: UInt32?
        /// The server's RTX SSRC, when the track's codecs have RTX.
        public var rtxSSRC: UInt32?
        /// True once the client's answer rejected the m-line (port 0).
        public var isRejected: Bool
        /// Codecs and extensions last offered here: an inactive or rejected
        /// m-line still lists formats.
        public var codecs: [MediaCodec]
        public var extensions: HeaderExtensionIDs

        /// True when a track is assigned and the m-line is usable.
        public var isActive: Bool { track != nil && !isRejected }
    }

    /// The data channel m-line: where it sits among the m-lines (fixed once
    /// offered), and whether the client rejected it or accepted it.
    public struct DataChannelSlot: Sendable, Hashable {
        public var mid: String
        public var mLineIndex: Int
        public var isRejected = false
        /// The client's side, once an answer accepted the m-line.
        public var accepted: NegotiatedDataChannel?
    }

    public internal(set) var slots: [Slot] = []
    /// Offer an m=application with this `a=max-message-size` (from the next
    /// offer on, placed after the m-lines offered so far); nil offers none.
    public var dataChannelMaxMessageSize: Int?
    public internal(set) var dataChannel: DataChannelSlot?
    /// The `o=` session id of every offer.
    public let sessionID: UInt64
    /// The `o=` version of the last offer; incremented per offer.
    public private(set) var version: UInt64 = 0
    /// The last offer, until its answer is applied.
    public internal(set) var pendingOffer: SessionDescription?
    /// The client's ICE credentials, fingerprint and role from the last answer.
    public internal(set) var remoteTransport: RemoteTransportParameters?
    /// Every SSRC handed out on this peer connection, so none is reused.
    private var usedSSRCs: Set<UInt32> = []

    public init(sessionID: UInt64? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.sessionID = sessionID ?? ServerSDP.randomSessionID(using: &generator)
    }

    /// The slot with `mid`.
    public func slot(withMID mid: String) -> Slot? {
        slots.first { $0.mid == mid }
    }

    /// The mid carrying `trackID`, if any.
    public func mid(of trackID: String) -> String? {
        slots.first { $0.isActive && $0.track?.trackID == trackID }?.mid
    }

    /// Makes the next offer for exactly `tracks` (the tracks forwarded now),
    /// with SSRCs from the system generator. Returns the offer and the mid
    /// of each track, in `tracks` order.
    public mutating func makeOffer(
        tracks: [OutgoingTrack], transport: ServerTransportParameters
    ) -> (description: SessionDescription, assignments: [(trackID: String, mid: String)]) {
        var generator = SystemRandomNumberGenerator()
        return makeOffer(tracks: tracks, transport: transport, using: &generator)
    }

    /// `makeOffer(tracks:transport:)` with SSRCs drawn from `generator`.
    /// An offer replaces any offer still awaiting its answer.
    public mutating func makeOffer<Generator: RandomNumberGenerator>(
        tracks: [OutgoingTrack], transport: ServerTransportParameters, using generator: inout Generator
    ) -> (description: SessionDescription, assignments: [(trackID: String, mid: String)]) {
        assign(tracks, using: &generator)
        if dataChannel == nil, dataChannelMaxMessageSize != nil {
            dataChannel = DataChannelSlot(mid: String(slots.count), mLineIndex: slots.count)
        }
        version += 1
        let offer = offerDescription(transport: transport)
        pendingOffer = offer
        var assignments: [(trackID: String, mid: String)] = []
        for track in tracks {
            if let mid = self.mid(of: track.trackID), !assignments.contains(where: { $0.trackID == track.trackID }) {
                assignments.append((track.trackID, mid))
            }
        }
        return (offer, assignments)
    }

    /// Frees the slots of tracks no longer wanted, then places new tracks in
    /// free slots of their kind (first free first) or in new m-lines.
    private mutating func assign<Generator: RandomNumberGenerator>(
        _ tracks: [OutgoingTrack], using generator: inout Generator
    ) {
        var wanted: [String: OutgoingTrack] = [:]
        for track in tracks where wanted[track.trackID] == nil { wanted[track.trackID] = track }
        for index in slots.indices {
            guard let current = slots[index].track else { continue }
            if let update = wanted[current.trackID], update.kind == slots[index].kind, !slots[index].isRejected {
                slots[index].track = update
                slots[index].codecs = update.codecs
                slots[index].extensions = update.headerExtensions
                wanted[current.trackID] = nil
            } else {
                slots[index].track = nil
                slots[index].ssrc = nil
                slots[index].rtxSSRC = nil
            }
        }
        for track in tracks where wanted[track.trackID] != nil {
            wanted[track.trackID] = nil
            let index: Int
            if let free = slots.firstIndex(where: { $0.kind == track.kind && $0.track == nil && !$0.isRejected }) {
                index = free
            } else {
                // mids are m-line positions; the data m-line holds one of them.
                slots.append(
                    Slot(
                        mid: String(slots.count + (dataChannel == nil ? 0 : 1)), kind: track.kind, isRejected: false, codecs: track.codecs,
                        extensions: track.headerExtensions))
                index = slots.count - 1
            }
            slots[index].track = track
            slots[index].codecs = track.codecs
            slots[index].extensions = track.headerExtensions
            slots[index].ssrc = freshSSRC(using: &generator)
            slots[index].rtxSSRC =
                track.codecs.contains { $0.rtxPayloadType != nil } ? freshSSRC(using: &generator) : nil
        }
    }

    /// What each m-line holds, in m-line order: a media slot (its index in
    /// `slots`) or the data channel (nil).
    var mLines: [Int?] {
        var lines: [Int?] = Array(slots.indices)
        if let dataChannel { lines.insert(nil, at: min(dataChannel.mLineIndex, lines.count)) }
        return lines
    }

    /// A random SSRC that is neither 0 nor one handed out before.
    private mutating func freshSSRC<Generator: RandomNumberGenerator>(using generator: inout Generator) -> UInt32 {
        while true {
            let ssrc = UInt32.random(in: 1...UInt32.max, using: &generator)
            if usedSSRCs.insert(ssrc).inserted { return ssrc }
        }
    }
}
