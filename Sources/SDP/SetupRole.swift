/// `a=setup` (RFC 4145 §4, used for DTLS by RFC 5763/8842): who opens the
/// DTLS association.
public enum SetupRole: String, SDPAttributeValue, CaseIterable {
    case actpass, active, passive, holdconn

    public static let attributeName = "setup"

    public init(parsing value: Substring) throws(SDPAttributeError) {
        guard let role = SetupRole(rawValue: String(value)) else { throw .badValue("setup role") }
        self = role
    }

    public var attributeValue: String { rawValue }
}
