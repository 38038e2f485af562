import MediaNegotiation
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

/// What to do with a publisher payload type on one down track: built once
/// from both sides' codecs, then a table lookup per packet.
public struct PayloadTypeMap: Sendable, Hashable {
    /// The outcome for one publisher payload type.
    public enum Route: Sendable, Hashable {
        /// Not a codec the publisher negotiated (or its RTX format).
        case unknown
        /// A publisher codec the subscriber did not accept.
        case notAccepted
        /// Forward with the subscriber's payload type.
        case forward(payloadType: UInt8, codec: ForwardedCodec, clockRate: UInt32)
    }

    private var routes: [Route]

    /// Maps each publisher codec to the first subscriber codec that is the
    /// same codec (`MediaCodec.isSameCodec(as:)`).
    public init(publisher: [MediaCodec], subscriber: [MediaCodec]) {
        var routes = [Route](repeating: .unknown, count: 128)
        for codec in publisher where !codec.codec.isRTX && codec.payloadType < 128 {
            let index = Int(codec.payloadType)
            guard case .unknown = routes[index] else { continue }
            if let match = subscriber.first(where: { !$0.codec.isRTX && $0.isSameCodec(as: codec) }) {
                routes[index] = .forward(
                    payloadType: match.payloadType & 0x7F, codec: ForwardedCodec(name: codec.codec.name),
                    clockRate: codec.codec.clockRate)
            } else {
                routes[index] = .notAccepted
            }
        }
        self.routes = routes
    }

    /// The route of publisher payload type `payloadType` (0-127).
    public subscript(payloadType: UInt8) -> Route {
        routes[Int(payloadType & 0x7F)]
    }
}
