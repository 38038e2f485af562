/// The packet type (PT) octet of an RTCP header.
///
/// A struct, not an enum, so that types this module does not know are still
/// representable (they come back as `RTCPPacket.unknown`).
public struct RTCPPacketType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// SR, RFC 3550 §6.4.1.
    public static let senderReport = RTCPPacketType(rawValue: 200)
    /// RR, RFC 3550 §6.4.2.
    public static let receiverReport = RTCPPacketType(rawValue: 201)
    /// SDES, RFC 3550 §6.5.
    public static let sourceDescription = RTCPPacketType(rawValue: 202)
    /// BYE, RFC 3550 §6.6.
    public static let goodbye = RTCPPacketType(rawValue: 203)
    /// APP, RFC 3550 §6.7.
    public static let applicationDefined = RTCPPacketType(rawValue: 204)
    /// RTPFB, transport-layer feedback (RFC 4585 §6.1).
    public static let transportFeedback = RTCPPacketType(rawValue: 205)
    /// PSFB, payload-specific feedback (RFC 4585 §6.1).
    public static let payloadFeedback = RTCPPacketType(rawValue: 206)

    public var description: String {
        "PT \(rawValue)"
    }
}
