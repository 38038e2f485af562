/// `a=fmtp:<payload type> <parameters>` (RFC 8866 §6.15). The parameter
/// text is kept as written; `parameters` reads it as `;`-separated
/// `key=value` pairs (a part without `=`, like telephone-event's `0-15`
/// or RED's `111/111`, becomes a parameter without value).
public struct FormatParameters: SDPAttributeValue {
    public static let attributeName = "fmtp"

    /// One `key=value` part of the parameter text.
    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The payload type the parameters apply to.
    public var payloadType: UInt8
    /// The parameter text exactly as written after the payload type.
    public var text: String

    public init(payloadType: UInt8, text: String) {
        self.payloadType = payloadType
        self.text = text
    }

    /// Builds the text as `key=value;key=value`.
    public init(payloadType: UInt8, parameters: [Parameter]) {
        self.payloadType = payloadType
        self.text = parameters.map { parameter in
            parameter.value.map { parameter.name + "=" + $0 } ?? parameter.name
        }.joined(separator: ";")
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let (format, rest) = SDPText.splitOnce(value, at: " ")
        payloadType = try RTPMap.payloadType(format)
        text = rest.map { String(SDPText.trimmed($0)) } ?? ""
    }

    public var attributeValue: String { text.isEmpty ? "\(payloadType)" : "\(payloadType) \(text)" }

    /// The parameters in order; spaces around `;` and `=` are trimmed.
    public var parameters: [Parameter] {
        text[...].split(separator: ";").compactMap { part in
            let trimmed = SDPText.trimmed(part)
            guard !trimmed.isEmpty else { return nil }
            let (name, value) = SDPText.splitOnce(trimmed, at: "=")
            return Parameter(name: String(SDPText.trimmed(name)), value: value.map { String(SDPText.trimmed($0)) })
        }
    }

    /// The value of the first parameter called `name` (case-insensitive, as
    /// RFC 7587 / RFC 6184 parameter names are).
    public func value(of name: String) -> String? {
        let wanted = name.lowercased()
        return parameters.first { $0.name.lowercased() == wanted }?.value
    }

    /// The `apt=` payload type of an RTX format (RFC 4588 §8.6).
    public var associatedPayloadType: UInt8? {
        value(of: "apt").flatMap { try? RTPMap.payloadType($0[...]) }
    }
}
