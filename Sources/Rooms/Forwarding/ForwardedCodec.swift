import NIOCore
import RTP

/// The codecs whose payload the forwarder looks into (keyframe detection,
/// VP8 picture ID rewriting); every other codec is forwarded opaquely.
public enum ForwardedCodec: Sendable, Hashable {
    case vp8
    case vp9
    case h264
    /// Audio or any codec without keyframes the forwarder knows of.
    case other

    /// The family of a codec by its encoding name (case-insensitive).
    public init(name: String) {
        switch name.lowercased() {
        case "vp8": self = .vp8
        case "vp9": self = .vp9
        case "h264": self = .h264
        default: self = .other
        }
    }

    /// Whether `payload` starts a keyframe: VP8 (RFC 7741 §4.3), VP9
    /// (RFC 9628 §4.2, base spatial layer), H.264 (IDR or SPS, RFC 6184).
    /// Nil when the payload is malformed for the codec; false for `.other`.
    public func startsKeyframe(payload: ByteBuffer) -> Bool? {
        switch self {
        case .vp8:
            guard let descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return nil }
            return descriptor.startsKeyframe(payload: payload)
        case .vp9:
            guard let descriptor = try? VP9PayloadDescriptor(parsing: payload) else { return nil }
            return descriptor.startsKeyframe
        case .h264:
            guard let parsed = try? H264Payload(parsing: payload) else { return nil }
            return parsed.startsKeyframe
        case .other:
            return false
        }
    }
}
