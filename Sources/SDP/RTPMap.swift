/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]`
/// (RFC 8866 §6.6).
public struct RTPMap: SDPAttributeValue {
    public static let attributeName = "rtpmap"

    /// The dynamic or static payload type, 0...127.
    public var payloadType: UInt8
    /// The encoding name as written, e.g. `opus`, `VP8`, `rtx`.
    public var encodingName: String
    /// The RTP clock rate in Hz.
    public var clockRate: UInt32
    /// The audio channel count when given (opus writes `/2`).
    public var channels: UInt16?

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, channels: UInt16? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count == 2 else { throw .missingField("encoding") }
        payloadType = try RTPMap.payloadType(fields[0])
        let parts = fields[1].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { throw .missingField("clock rate") }
        guard SDPText.isToken(parts[0]) else { throw .badValue("encoding name") }
        encodingName = String(parts[0])
        guard let rate = SDPText.decimal(parts[1], as: UInt32.self) else { throw .badNumber("clock rate") }
        clockRate = rate
        if parts.count == 3 {
            guard let count = SDPText.decimal(parts[2], as: UInt16.self) else { throw .badNumber("channels") }
            channels = count
        } else {
            channels = nil
        }
    }

    public var attributeValue: String {
        var text = "\(payloadType) \(encodingName)/\(clockRate)"
        if let channels { text += "/\(channels)" }
        return text
    }

    /// An RTP payload type: decimal 0...127 (RFC 3550 §5.1, 7 bits).
    static func payloadType(_ text: Substring) throws(SDPAttributeError) -> UInt8 {
        guard let value = SDPText.decimal(text, as: UInt8.self), value <= 127 else { throw .badNumber("payload type") }
        return value
    }
}
