/// `a=group:<semantics> <mid>...` (RFC 5888 §5), e.g. `BUNDLE 0 1`
/// (RFC 9143) or `LS`.
public struct MediaGroup: SDPAttributeValue {
    public static let attributeName = "group"
    /// The semantics of bundling (RFC 9143).
    public static let bundle = "BUNDLE"

    /// The semantics token, e.g. `BUNDLE`.
    public var semantics: String
    /// The identification tags (`a=mid` values) of the grouped media sections.
    public var mids: [String]

    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard let first = fields.first else { throw .missingField("semantics") }
        guard SDPText.isToken(first) else { throw .badValue("semantics") }
        semantics = String(first)
        mids = fields.dropFirst().map(String.init)
    }

    public var attributeValue: String { ([semantics] + mids).joined(separator: " ") }

    /// True for a BUNDLE group.
    public var isBundle: Bool { semantics == Self.bundle }
}
