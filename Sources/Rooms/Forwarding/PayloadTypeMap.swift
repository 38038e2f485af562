import MediaNegotiation
import RTP

/// What to do with a publisher payload type on one down track: built once
/// from both sides' codecs, then a table lookup per packet.
public struct PayloadTypeMap: Sendable, Hashable {
    /// The outcome for one publisher payload type.
    public enum Route: Sendable, Hashable {
        /// Not a codec the publisher negotiated (or its RTX format).
        case unknown
        /// A publisher codec the subscriber did not accept.
        case notAccepted
        /// Forward with the subscriber's payload type; `codec` is nil for
        /// one whose payload the forwarder does not look into.
        case forward(payloadType: UInt8, codec: CodecFamily?, clockRate: UInt32)
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
                    payloadType: match.payloadType & 0x7F, codec: CodecFamily(name: codec.codec.name),
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
