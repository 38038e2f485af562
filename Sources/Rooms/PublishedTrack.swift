import MediaNegotiation
import NIOCore
import RTP

/// A track a participant publishes (an "up track"): one m-line of its
/// publish PC, with the subscriptions that forward it to the others.
/// Confined to the room's event loop.
public final class PublishedTrack {
    public let id: String
    public let kind: MediaKind
    public unowned let publisher: Participant
    /// The current negotiation of its m-line in the publish PC.
    public internal(set) var media: PublishedMedia {
        didSet { resolveMedia() }
    }
    /// Resolved once per negotiation so the packet path does no string
    /// work: the codec family of each media payload type, and the
    /// publisher's audio-level extension id (0 when none).
    private(set) var codecFamilies: [(payloadType: UInt8, codec: CodecFamily?)] = []
    private(set) var audioLevelExtensionID: UInt8 = 0
    /// Subscriptions by subscriber id.
    var subscriptions: [String: Subscription] = [:]
    /// Publisher SSRCs seen for this track, by rid ("" without simulcast).
    var ssrcsByRID: [String: UInt32] = [:]
    /// Publisher RTX SSRCs learned from packets, by the rid they repair.
    var repairSSRCsByRID: [String: UInt32] = [:]
    /// Receive state per publisher SSRC (one per simulcast layer).
    var inbound: [UInt32: InboundStream] = [:]
    /// Keyframe-request throttles, by rid ("" without simulcast).
    var keyframeRequests: [String: KeyframeRequestThrottle] = [:]
    /// Writes PLI (or FIR), by the publisher SSRC asked.
    var keyframeWriters: [UInt32: KeyframeRequestWriter] = [:]
    /// Layers whose forwarding the publisher was last told about (dynacast).
    var announcedActiveLayers: [String]?
    /// Smoothed RFC 6464 audio level (0 loudest ... 127 silent), for the
    /// active-speaker ranking.
    var audioLevel = AudioLevelMeter()
    /// Whether the publisher's VP8 carries temporal layer indexes (TID).
    var hasTemporalLayers = false
    /// Packets and bytes received from the publisher on this track.
    public internal(set) var packetsReceived: UInt64 = 0
    public internal(set) var bytesReceived: UInt64 = 0
    /// PLIs/FIRs sent to the publisher for this track.
    public internal(set) var keyframeRequestsSent: UInt64 = 0

    init(id: String, publisher: Participant, media: PublishedMedia) {
        self.id = id
        self.kind = media.kind
        self.publisher = publisher
        self.media = media
        resolveMedia()
    }

    private func resolveMedia() {
        codecFamilies = media.codecs.filter { !$0.codec.isRTX }.map { ($0.payloadType, CodecFamily(name: $0.codec.name)) }
        audioLevelExtensionID = media.extensions[HeaderExtensionURI.audioLevel] ?? 0
    }

    /// The codec family of publisher payload type `payloadType`; nil for
    /// an unknown one or a codec forwarded opaquely.
    func codecFamily(of payloadType: UInt8) -> CodecFamily? {
        for entry in codecFamilies where entry.payloadType == payloadType { return entry.codec }
        return nil
    }

    public var mid: String { media.mid }

    /// Simulcast layers, lowest first: the rids, the SSRC group's indexes
    /// ("0", "1", ...), or the single layer "".
    var layers: [String] {
        if !media.rids.isEmpty { return media.rids }
        if !media.simulcastSSRCs.isEmpty { return media.simulcastSSRCs.indices.map { "\($0)" } }
        return [""]
    }

    /// Whether the publisher sends several layers to choose from.
    var isSimulcast: Bool { layers.count > 1 }

    /// The receive state of layer `rid`, once its SSRC is known.
    func inboundStream(rid: String) -> InboundStream? {
        ssrcsByRID[rid].flatMap { inbound[$0] }
    }

    /// The measured bitrate of layer `rid`, bit/s; nil before it was seen
    /// for a whole second.
    func layerBitrate(rid: String, now: NIODeadline) -> UInt64? {
        guard let ssrc = ssrcsByRID[rid], inbound[ssrc]?.bitrate.hasFullWindow(now: now) == true else { return nil }
        let rate = inbound[ssrc]?.bitrate.bitrate(now: now) ?? 0
        if rate > 0 { inbound[ssrc]?.lastActiveBitrate = rate }
        return rate
    }

    /// For a consumer that takes one layer whatever the subscribers get (a
    /// recorder): the highest layer seen; nil without simulcast.
    var forwardedRID: String? {
        isSimulcast ? layers.last { ssrcsByRID[$0] != nil } : nil
    }

    /// The publisher's SSRC of the forwarded stream without simulcast, or
    /// of the highest layer seen.
    var primarySSRC: UInt32? {
        for rid in layers.reversed() { if let ssrc = ssrcsByRID[rid] { return ssrc } }
        return media.ssrc
    }
}
