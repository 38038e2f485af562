/// `a=rtcp-fb:<payload type or *> <type> [<parameters>]` (RFC 4585 §4.2),
/// e.g. `96 nack pli`, `* ccm fir`, `111 transport-cc`.
public struct RTCPFeedback: SDPAttributeValue {
    public static let attributeName = "rtcp-fb"

    /// Which formats the feedback applies to.
    public enum Formats: Hashable, Sendable {
        /// `*`: every payload type of the media section.
        case all
        case payloadType(UInt8)
    }

    public var formats: Formats
    /// The feedback type, e.g. `nack`, `ccm`, `goog-remb`, `transport-cc`.
    public var type: String
    /// The rest, e.g. `pli` after `nack` or `fir` after `ccm`.
    public var subtype: String?

    public init(formats: Formats, type: String, subtype: String? = nil) {
        self.formats = formats
        self.type = type
        self.subtype = subtype
    }

    public init(payloadType: UInt8, type: String, subtype: String? = nil) {
        self.init(formats: .payloadType(payloadType), type: type, subtype: subtype)
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count >= 2 else { throw .missingField("feedback type") }
        formats = fields[0] == "*" ? .all : .payloadType(try RTPMap.payloadType(fields[0]))
        guard SDPText.isToken(fields[1]) else { throw .badValue("feedback type") }
        type = String(fields[1])
        subtype = fields.count > 2 ? fields[2...].joined(separator: " ") : nil
    }

    public var attributeValue: String {
        var text: String
        switch formats {
        case .all: text = "*"
        case .payloadType(let payloadType): text = "\(payloadType)"
        }
        text += " " + type
        if let subtype { text += " " + subtype }
        return text
    }

    /// True when this feedback covers `payloadType` (directly or through `*`).
    public func applies(to payloadType: UInt8) -> Bool {
        formats == .all || formats == .payloadType(payloadType)
    }
}
