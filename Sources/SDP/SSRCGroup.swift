/// `a=ssrc-group:<semantics> <ssrc>...` (RFC 5576 §4.2), e.g. `FID` pairing a
/// media SSRC with its RTX SSRC (RFC 4588) or `SIM` listing simulcast layers.
public struct SSRCGroup: SDPAttributeValue {
    public static let attributeName = "ssrc-group"

    public enum Semantics: Hashable, Sendable {
        /// Flow identification: primary SSRC then its RTX (or FEC) SSRC.
        case fid
        /// Simulcast layers, lowest first (Chrome's legacy simulcast).
        case sim
        case other(String)

        init(_ text: Substring) {
            switch text {
            case "FID": self = .fid
            case "SIM": self = .sim
            default: self = .other(String(text))
            }
        }

        public var text: String {
            switch self {
            case .fid: "FID"
            case .sim: "SIM"
            case .other(let text): text
            }
        }
    }

    public var semantics: Semantics
    public var ssrcs: [UInt32]

    public init(semantics: Semantics, ssrcs: [UInt32]) {
        self.semantics = semantics
        self.ssrcs = ssrcs
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard let first = fields.first, SDPText.isToken(first) else { throw .missingField("semantics") }
        guard fields.count >= 2 else { throw .missingField("ssrc") }
        semantics = Semantics(first)
        var ssrcs: [UInt32] = []
        for field in fields.dropFirst() {
            guard let ssrc = SDPText.decimal(field, as: UInt32.self) else { throw .badNumber("ssrc") }
            ssrcs.append(ssrc)
        }
        self.ssrcs = ssrcs
    }

    public var attributeValue: String {
        ([semantics.text] + ssrcs.map { String($0) }).joined(separator: " ")
    }
}
