import MediaNegotiation
import NIOCore

/// A published track as a sink sees it: who publishes it and how its
/// packets are encoded.
public struct SinkTrack: Sendable, Hashable {
    /// The server's track id (the protocol's).
    public var id: String
    public var kind: MediaKind
    /// The publishing participant.
    public var participant: ParticipantSnapshot
    /// The m-line of the publisher's publish PC.
    public var mid: String
    /// The codec the publisher sends (its payload type); nil when none was
    /// negotiated.
    public var codec: MediaCodec?

    public init(id: String, kind: MediaKind, participant: ParticipantSnapshot, mid: String, codec: MediaCodec?) {
        self.id = id
        self.kind = kind
        self.participant = participant
        self.mid = mid
        self.codec = codec
    }
}

/// Something a room feeds besides its subscribers (a recorder): who is in
/// the room, what they publish, every packet of the forwarded streams as
/// received, and the publishers' sender reports. Called on the room's
/// event loop only; an implementation must return at once (hand work to
/// its own thread through a bounded queue), since forwarding waits for it.
/// A sink asks for a keyframe with `Room.requestKeyframe(forTrack:now:)`.
public protocol MediaSink: AnyObject {
    /// A participant entered (or was there when the sink was added).
    func participantJoined(_ participant: ParticipantSnapshot, now: NIODeadline)
    /// A participant left; its tracks are gone.
    func participantLeft(_ participant: ParticipantSnapshot, now: NIODeadline)
    /// `participant` now publishes exactly `tracks` (after each publish).
    func tracksChanged(of participant: ParticipantSnapshot, tracks: [SinkTrack], now: NIODeadline)
    /// One RTP packet of `track` (decrypted, not rewritten). Only the
    /// forwarded simulcast layer is delivered.
    func publisherRTP(_ packet: ByteBuffer, track: String, now: NIODeadline)
    /// An RTCP sender report (RFC 3550 §6.4.1) for the stream of `track`.
    func publisherSenderReport(track: String, ntpTimestamp: UInt64, rtpTimestamp: UInt32, now: NIODeadline)
    /// The sink was removed from the room, or the room closed (its last
    /// participant left): nothing more will come.
    func detached(now: NIODeadline)
}
