/// One `a=` line: a name and, after the first colon, an optional value
/// (RFC 8866 §5.13). Kept verbatim so unknown attributes and their order
/// survive a round trip; typed views parse the value on demand.
public struct SDPAttribute: Hashable, Sendable {
    /// The attribute name (`att-field`), e.g. `rtpmap`.
    public var name: String
    /// Everything after the first colon, or nil for a flag like `a=rtcp-mux`.
    public var value: String?

    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The attribute for a typed value, e.g. `SDPAttribute(RTPMap(...))`.
    public init<Value: SDPAttributeValue>(_ typed: Value) {
        self.init(name: Value.attributeName, value: typed.attributeValue)
    }

    /// Parses the text after `a=`. Throws `SDPAttributeError.badValue("name")`
    /// when the name is not a token.
    init(parsingLine text: Substring) throws(SDPAttributeError) {
        let (name, value) = SDPText.splitOnce(text, at: ":")
        guard SDPText.isToken(name) else { throw .badValue("name") }
        self.init(name: String(name), value: value.map(String.init))
    }

    /// The text after `a=`.
    public var lineText: String {
        guard let value else { return name }
        return name + ":" + value
    }

    /// The value parsed as `Value`, if this attribute has `Value`'s name.
    public func parsed<Value: SDPAttributeValue>(as type: Value.Type) throws(SDPAttributeError) -> Value? {
        guard name == Value.attributeName else { return nil }
        guard let value else { throw .missingValue }
        return try Value(parsing: value[...])
    }
}

/// A typed attribute value: parses from and writes to the text after
/// `a=<attributeName>:`.
public protocol SDPAttributeValue: Hashable, Sendable {
    /// The `a=` name this value belongs to, e.g. `rtpmap`.
    static var attributeName: String { get }
    /// Parses the value text (after the colon).
    init(parsing value: Substring) throws(SDPAttributeError)
    /// The value text (after the colon).
    var attributeValue: String { get }
}

extension SDPAttribute {
    /// Checks the value of the attributes this module knows, so a parse
    /// refuses `a=rtpmap:garbage` instead of handing it to later layers.
    /// Unknown names pass unchecked (RFC 8866 §5.13: ignore what you do not know).
    func validate() throws(SDPAttributeError) {
        switch name {
        case MediaGroup.attributeName: try check(MediaGroup.self)
        case Fingerprint.attributeName: try check(Fingerprint.self)
        case SetupRole.attributeName: try check(SetupRole.self)
        case RTPMap.attributeName: try check(RTPMap.self)
        case FormatParameters.attributeName: try check(FormatParameters.self)
        case RTCPFeedback.attributeName: try check(RTCPFeedback.self)
        case ExtensionMap.attributeName: try check(ExtensionMap.self)
        case MediaStreamID.attributeName: try check(MediaStreamID.self)
        case SSRCAttribute.attributeName: try check(SSRCAttribute.self)
        case SSRCGroup.attributeName: try check(SSRCGroup.self)
        case RID.attributeName: try check(RID.self)
        case Simulcast.attributeName: try check(Simulcast.self)
        case ICECandidate.attributeName: try check(ICECandidate.self)
        case RTCPAttribute.attributeName: try check(RTCPAttribute.self)
        case "mid", "ice-ufrag", "ice-pwd":
            guard let value else { throw .missingValue }
            guard SDPText.isVisible(value[...]) else { throw .badValue(name) }
        case "max-message-size":
            guard let value else { throw .missingValue }
            guard SDPText.decimal(value[...], as: UInt64.self) != nil else { throw .badNumber(name) }
        case "sctp-port":
            guard let value else { throw .missingValue }
            guard SDPText.decimal(value[...], as: UInt16.self) != nil else { throw .badNumber(name) }
        default:
            break
        }
    }

    private func check<Value: SDPAttributeValue>(_ type: Value.Type) throws(SDPAttributeError) {
        _ = try parsed(as: type)
    }
}
