import RTP
import SDP

extension CodecPreferences {
    /// The audio codecs the forwarder handles (the audio codec families).
    /// Opus is always allowed.
    public static let supportedAudio = CodecFamily.allAudio.map(\.configName)
    /// The video codecs the forwarder handles (the video codec families).
    /// VP8 is always allowed; VP9 and H.264 only when the preferences list them.
    public static let supportedVideo = CodecFamily.allVideo.map(\.configName)

    /// The RTCP feedback the server honours (RFC 4585 NACK and PLI, RFC 5104
    /// FIR, REMB, transport-wide CC); anything else offered is left out.
    public static let supportedFeedback: [(type: String, subtype: String?)] = [
        ("nack", nil), ("nack", "pli"), ("ccm", "fir"), ("goog-remb", nil), ("transport-cc", nil),
    ]

    /// Codec names allowed for `kind`, lower-cased, preferred first: the
    /// listed supported ones in order, then Opus/VP8 when not listed.
    public func allowedCodecNames(for kind: MediaKind) -> [String] {
        let (listed, supported, always) =
            switch kind {
            case .audio: (audio, Self.supportedAudio, CodecFamily.opus.configName)
            case .video: (video, Self.supportedVideo, CodecFamily.vp8.configName)
            }
        var names: [String] = []
        for name in listed.map({ $0.lowercased() }) where supported.contains(name) && !names.contains(name) {
            names.append(name)
        }
        if !names.contains(always) { names.append(always) }
        return names
    }

    /// The codecs of an offered m-line the server accepts, in the offer's
    /// payload types, preferred first, each with its RTX partner (RFC 4588)
    /// when offered and with feedback limited to `supportedFeedback`.
    ///
    /// Filters, because the forwarder cannot transcode and every subscriber
    /// must decode what a publisher sends: VP9 profile 0 only (profile 2 is
    /// 10-bit); H.264 with packetization-mode 1 and a Baseline or Constrained
    /// Baseline profile (`profile-level-id` 42xxxx, RFC 6184 §8.1), fmtp kept
    /// exactly as offered. For audio, RED (RFC 2198, `red/48000/2`) follows
    /// Opus when offered over an accepted Opus payload type.
    public func acceptedCodecs(for kind: MediaKind, in media: MediaDescription) -> [MediaCodec] {
        let offered = media.codecs
        var accepted: [MediaCodec] = []
        for name in allowedCodecNames(for: kind) {
            for codec in offered where codec.name.lowercased() == name && Self.isForwardable(codec) {
                var kept = codec
                kept.feedback = Self.keptFeedback(of: codec)
                let rtx = offered.first { $0.associatedPayloadType == codec.payloadType }?.payloadType
                accepted.append(MediaCodec(codec: kept, rtxPayloadType: rtx))
            }
        }
        if kind == .audio, let red = Self.redundancy(in: offered, over: accepted) {
            accepted.append(red)
        }
        return accepted
    }

    /// Whether a codec of a supported name has parameters the forwarder can pass on.
    static func isForwardable(_ codec: Codec) -> Bool {
        let parameters = codec.formatParameters
        guard let family = CodecFamily(name: codec.name) else { return codec.clockRate == 90000 }
        switch family {
        case .vp9:
            return (parameters.value(of: "profile-id") ?? "0") == "0"
        case .h264:
            let profile = (parameters.value(of: "profile-level-id") ?? "42e01f").lowercased()
            return parameters.value(of: "packetization-mode") == "1" && profile.hasPrefix("42")
        case .opus:
            return codec.clockRate == family.clockRate && (codec.channels ?? 1) == family.channels
        case .vp8:
            return codec.clockRate == family.clockRate
        }
    }

    /// The offered feedback the server supports, once each, written for the
    /// codec's own payload type.
    static func keptFeedback(of codec: Codec) -> [RTCPFeedback] {
        var kept: [RTCPFeedback] = []
        for item in codec.feedback
        where supportedFeedback.contains(where: { $0.type == item.type && $0.subtype == item.subtype }) {
            let specific = RTCPFeedback(payloadType: codec.payloadType, type: item.type, subtype: item.subtype)
            if !kept.contains(specific) { kept.append(specific) }
        }
        return kept
    }

    /// RED over Opus: `red/48000/2` whose fmtp (`111/111`) names only
    /// accepted payload types (RFC 2198 §5; Chrome's audio redundancy).
    static func redundancy(in offered: [Codec], over accepted: [MediaCodec]) -> MediaCodec? {
        let acceptedTypes = Set(accepted.map(\.payloadType))
        for codec in offered where codec.name.lowercased() == "red" && codec.clockRate == 48000 {
            let redundant = codec.parameterText.split(separator: "/").map { UInt8($0.filter { $0 != " " }) }
            guard !redundant.isEmpty, redundant.allSatisfy({ $0.map { acceptedTypes.contains($0) } ?? false })
            else { continue }
            var kept = codec
            kept.feedback = []
            return MediaCodec(codec: kept)
        }
        return nil
    }
}
