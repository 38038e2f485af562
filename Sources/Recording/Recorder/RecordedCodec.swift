import MediaNegotiation

/// The codecs a recording stores without decoding.
public enum RecordedCodec: String, Sendable, Hashable {
    case opus, vp8, vp9, h264

    /// The codec of a negotiated payload type; nil for one that cannot be
    /// recorded (AV1, G.711, ...).
    public init?(_ codec: MediaCodec?) {
        guard let name = codec?.codec.name.lowercased() else { return nil }
        switch name {
        case "opus": self = .opus
        case "vp8": self = .vp8
        case "vp9": self = .vp9
        case "h264": self = .h264
        default: return nil
        }
    }

    public var isVideo: Bool { self != .opus }
}
