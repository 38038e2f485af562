/// `a=ssrc:<ssrc> <attribute>[:<value>]` (RFC 5576 §4.1), e.g.
/// `a=ssrc:2373166921 cname:kwt2oGi954A8163y`.
public struct SSRCAttribute: SDPAttributeValue {
    public static let attributeName = "ssrc"

    public var ssrc: UInt32
    /// The source attribute name, e.g. `cname`, `msid`.
    public var name: String
    /// Its value (may contain spaces, as `msid:<stream> <track>` does).
    public var value: String?

    public init(ssrc: UInt32, name: String, value: String? = nil) {
        self.ssrc = ssrc
        self.name = name
        self.value = value
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let (ssrcText, rest) = SDPText.splitOnce(value, at: " ")
        guard let ssrc = SDPText.decimal(ssrcText, as: UInt32.self) else { throw .badNumber("ssrc") }
        self.ssrc = ssrc
        guard let rest, !rest.isEmpty else { throw .missingField("source attribute") }
        let (name, attributeValue) = SDPText.splitOnce(rest, at: ":")
        guard SDPText.isToken(name) else { throw .badValue("source attribute") }
        self.name = String(name)
        self.value = attributeValue.map(String.init)
    }

    public var attributeValue: String {
        "\(ssrc) " + (value.map { name + ":" + $0 } ?? name)
    }
}
