import NIOCore

/// One codec the server forwards and records, and everything it knows of
/// it, in one place: how SDP and the config spell it, its kind, clock rate
/// and channels, the payload types the server offers it with, how to read
/// its payload descriptor (keyframes, VP8 picture IDs), and its Matroska
/// codec ID. Negotiation, forwarding, recording, the composition root and
/// the bots all ask this type instead of matching names; a codec that is
/// not a case here is negotiated nowhere and forwarded opaquely.
///
/// Adding a codec, AV1 as the example:
/// 1. A descriptor parser in `RTP/PayloadDescriptors` (the RTP aggregation
///    header of the AV1 RTP specification, §4.4: `init(parsing:)
///    throws(PayloadDescriptorError)` and keyframe detection from the N bit
///    and the sequence header OBU), with its vectors in `Tests/RTPTests`.
/// 2. One case here, `case av1`, and its row in every switch below (the
///    compiler lists them): rtpmap "AV1", video, 90 kHz, payload types 45
///    with RTX 46 (the numbers the server always kept for it), Matroska
///    "V_AV1", and `parsePayload` calling the new parser. Negotiation
///    (`CodecPreferences.supportedVideo`), payload-type routing and
///    keyframe gating follow from the case.
/// 3. A fuzz entry: one more selector in
///    `Tests/Fuzz/Sources/FuzzPayloadDescriptors` that runs the parser.
/// 4. Recording: a frame assembler in `Recording/Depacketizing` and a
///    `WebMConfiguration.VideoCodec` case, hooked in
///    `CodecFamily+Recording.swift` (the switches Recording keeps, since
///    assemblers live above this layer).
public enum CodecFamily: String, Sendable, Hashable, CaseIterable {
    // Declaration order is the default preference order within a kind.
    case opus
    case vp8
    case vp9
    case h264

    /// The family of an rtpmap or config name, case-insensitive (RFC 8866
    /// §6.6 encoding names are); nil for a codec the server does not handle
    /// (RED, G.711, AV1, ...). Not for the packet path: it lower-cases.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The audio families, then the video ones, in preference order.
    public static let allAudio = allCases.filter { !$0.isVideo }
    public static let allVideo = allCases.filter(\.isVideo)

    /// How the config file and `CodecPreferences` spell it ("vp8").
    public var configName: String { rawValue }

    /// How rtpmap spells it ("VP8"), as browsers write it.
    public var rtpmapName: String {
        switch self {
        case .opus: "opus"
        case .vp8: "VP8"
        case .vp9: "VP9"
        case .h264: "H264"
        }
    }

    /// Video (true) or audio.
    public var isVideo: Bool { self != .opus }

    /// The RTP clock rate (RFC 7587 §4.1 for Opus; 90 kHz for video).
    public var clockRate: UInt32 { isVideo ? 90_000 : 48_000 }

    /// rtpmap's channel count: Opus is always written "opus/48000/2"
    /// (RFC 7587 §7); nil for video.
    public var channels: UInt16? { isVideo ? nil : 2 }

    /// The payload type the server uses for it in the offers it writes
    /// (Chrome's numbers, so captures read the same).
    public var serverPayloadType: UInt8 {
        switch self {
        case .opus: 111
        case .vp8: 96
        case .vp9: 98
        case .h264: 102
        }
    }

    /// The RTX (RFC 4588) payload type paired with `serverPayloadType`;
    /// nil for audio, which is not retransmitted.
    public var serverRTXPayloadType: UInt8? {
        switch self {
        case .opus: nil
        case .vp8: 97
        case .vp9: 99
        case .h264: 103
        }
    }

    /// Whether a receiver needs a keyframe to start: a new down track waits
    /// for one, and keyframe requests make sense.
    public var hasKeyframes: Bool { isVideo }

    /// The Matroska CodecID of its track in a recording.
    public var matroskaCodecID: String {
        switch self {
        case .opus: "A_OPUS"
        case .vp8: "V_VP8"
        case .vp9: "V_VP9"
        case .h264: "V_MPEG4/ISO/AVC"
        }
    }

    /// Reads the payload descriptor of one packet's `payload`, once: VP8
    /// (RFC 7741 §4.2-4.3, with the keyframe's size, RFC 6386 §9.1), VP9
    /// (RFC 9628 §4.2, base spatial layer) or H.264 (IDR or SPS, RFC 6184).
    /// Nil when the payload is malformed for the codec. Opus has no
    /// descriptor: nothing is read.
    public func parsePayload(_ payload: ByteBuffer) -> CodecPayloadInfo? {
        switch self {
        case .opus:
            return CodecPayloadInfo(isKeyframe: false)
        case .vp8:
            guard let descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return nil }
            return CodecPayloadInfo(vp8: descriptor, payload: payload)
        case .vp9:
            guard let descriptor = try? VP9PayloadDescriptor(parsing: payload) else { return nil }
            return CodecPayloadInfo(isKeyframe: descriptor.startsKeyframe)
        case .h264:
            guard let parsed = try? H264Payload(parsing: payload) else { return nil }
            return CodecPayloadInfo(isKeyframe: parsed.startsKeyframe)
        }
    }

    /// Whether `payload` starts a keyframe; nil when it is malformed for
    /// the codec, false for audio.
    public func startsKeyframe(payload: ByteBuffer) -> Bool? {
        parsePayload(payload)?.isKeyframe
    }
}
