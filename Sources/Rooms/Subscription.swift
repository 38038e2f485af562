import MediaNegotiation
import NIOCore
import RTPStreams

/// One subscriber's m-line for one published track (a "down track"): the
/// rewriter, the history that answers its NACKs, the simulcast layer it
/// gets and what its receiver reports say.
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
    /// Packets sent (video), to answer the subscriber's NACKs.
    var history: RetransmissionBuffer?
    /// RTX (RFC 4588) payload types by the media payload type sent, when
    /// the subscriber accepted RTX.
    var rtxPayloadTypes: [UInt8: UInt8] = [:]
    /// Sequence numbers of the RTX stream.
    var rtxSequenceNumber: UInt16 = .random(in: .min ... .max)

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
    /// The publisher SSRC of the last forwarded packet (whose SR is rewritten).
    var sourceSSRC: UInt32?

    /// SRs sent (NTP middle 32 bits, when), to turn RR blocks into RTT.
    var sentReports: [(lastSenderReport: UInt32, sentAt: NIODeadline)] = []
    /// From the subscriber's last receiver report.
    var fractionLost: UInt8 = 0
    var jitter: UInt32 = 0
    var roundTripTime: TimeAmount?

    /// NACKed packets asked by the subscriber, retransmitted, and not held
    /// any more (answered with a keyframe request).
    var nacksReceived: UInt64 = 0
    var retransmissionsSent: UInt64 = 0
    var retransmissionMisses: UInt64 = 0
    var pictureLossIndicationsReceived: UInt64 = 0

    init(track: PublishedTrack, subscriber: Participant, sequence: Int) {
        self.track = track
        self.subscriber = subscriber
        self.sequence = sequence
    }

    /// The layer whose packets go out now, or become the next source.
    var wantedLayer: String? { targetLayer ?? currentLayer }
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
