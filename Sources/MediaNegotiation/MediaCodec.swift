import RTP
import SDP

/// A codec as negotiated on one m-line, with its RTX (RFC 4588) partner
/// when one was negotiated. Payload types are those of that m-line's peer
/// connection: the same codec usually has different numbers on a
/// publisher's and a subscriber's.
public struct MediaCodec: Sendable, Hashable {
    public var codec: Codec
    public var rtxPayloadType: UInt8?

    public init(codec: Codec, rtxPayloadType: UInt8? = nil) {
        self.codec = codec
        self.rtxPayloadType = rtxPayloadType
    }

    public var payloadType: UInt8 { codec.payloadType }

    /// Whether `other` is the same codec (name, clock rate, channels and, for
    /// H.264, packetization mode and profile), whatever its payload type.
    public func isSameCodec(as other: MediaCodec) -> Bool {
        guard codec.name.lowercased() == other.codec.name.lowercased(), codec.clockRate == other.codec.clockRate,
            (codec.channels ?? 1) == (other.codec.channels ?? 1)
        else { return false }
        guard CodecFamily(name: codec.name) == .h264 else { return true }
        func key(_ codec: Codec) -> (String, String) {
            let parameters = codec.formatParameters
            return (
                parameters.value(of: "packetization-mode") ?? "0",
                String((parameters.value(of: "profile-level-id") ?? "42e01f").prefix(4)).lowercased()
            )
        }
        return key(codec) == key(other.codec)
    }
}
