/// A codec of a media section, assembled from its `rtpmap`, `fmtp` and
/// `rtcp-fb` lines (RFC 8866 §6.6, §6.15; RFC 4585 §4.2).
public struct Codec: Hashable, Sendable {
    public var payloadType: UInt8
    /// The encoding name as written, e.g. `opus`, `VP8`, `rtx`.
    public var name: String
    public var clockRate: UInt32
    public var channels: UInt16?
    /// The `fmtp` parameter text (empty when there is none).
    public var parameterText: String
    /// Feedback for this payload type, `*` entries included.
    public var feedback: [RTCPFeedback]

    public init(
        payloadType: UInt8, name: String, clockRate: UInt32, channels: UInt16? = nil,
        parameterText: String = "", feedback: [RTCPFeedback] = []
    ) {
        self.payloadType = payloadType
        self.name = name
        self.clockRate = clockRate
        self.channels = channels
        self.parameterText = parameterText
        self.feedback = feedback
    }

    /// Builds the parameter text from `key=value` pairs.
    public init(
        payloadType: UInt8, name: String, clockRate: UInt32, channels: UInt16? = nil,
        parameters: [FormatParameters.Parameter], feedback: [RTCPFeedback] = []
    ) {
        self.init(
            payloadType: payloadType, name: name, clockRate: clockRate, channels: channels,
            parameterText: FormatParameters(payloadType: payloadType, parameters: parameters).text,
            feedback: feedback)
    }

    /// The `fmtp` line of this codec.
    public var formatParameters: FormatParameters {
        FormatParameters(payloadType: payloadType, text: parameterText)
    }

    /// The `fmtp` parameters in order.
    public var parameters: [FormatParameters.Parameter] { formatParameters.parameters }

    /// The `rtpmap` line of this codec.
    public var rtpMap: RTPMap {
        RTPMap(payloadType: payloadType, encodingName: name, clockRate: clockRate, channels: channels)
    }

    /// True for an RTX format (RFC 4588), matched case-insensitively.
    public var isRTX: Bool { name.lowercased() == "rtx" }

    /// For RTX: the payload type it retransmits (`apt=`, RFC 4588 §8.6).
    public var associatedPayloadType: UInt8? { isRTX ? formatParameters.associatedPayloadType : nil }

    /// True when the codec has feedback of `type` (and `subtype`, when given).
    public func hasFeedback(_ type: String, _ subtype: String? = nil) -> Bool {
        feedback.contains { $0.type == type && (subtype == nil || $0.subtype == subtype) }
    }

    /// The static payload types that need no rtpmap (RFC 3551 §6) and that
    /// browsers still offer.
    static func staticCodec(_ payloadType: UInt8) -> Codec? {
        switch payloadType {
        case 0: Codec(payloadType: 0, name: "PCMU", clockRate: 8000)
        case 8: Codec(payloadType: 8, name: "PCMA", clockRate: 8000)
        case 9: Codec(payloadType: 9, name: "G722", clockRate: 8000)
        default: nil
        }
    }
}
