/// `a=extmap:<id>[/<direction>] <uri> [<extension attributes>]` (RFC 8285 §8).
public struct ExtensionMap: SDPAttributeValue {
    public static let attributeName = "extmap"

    /// The local identifier: 1...14 fits the one-byte header form, 15...255
    /// needs the two-byte form; 4096...4351 are allowed in offers for
    /// direction negotiation (RFC 8285 §5-6).
    public var id: UInt16
    public var direction: MediaDirection?
    /// The extension URI, e.g. `urn:ietf:params:rtp-hdrext:sdes:mid`.
    public var uri: String
    /// Extension attributes after the URI, as written.
    public var extensionAttributes: String?

    public init(id: UInt16, direction: MediaDirection? = nil, uri: String, extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count >= 2 else { throw .missingField("uri") }
        let (idText, directionText) = SDPText.splitOnce(fields[0], at: "/")
        guard let id = SDPText.decimal(idText, as: UInt16.self), ExtensionMap.isValid(id: id) else { throw .badNumber("id") }
        self.id = id
        if let directionText {
            guard let direction = MediaDirection(rawValue: String(directionText)) else { throw .badValue("direction") }
            self.direction = direction
        } else {
            direction = nil
        }
        uri = String(fields[1])
        extensionAttributes = fields.count > 2 ? fields[2...].joined(separator: " ") : nil
    }

    public var attributeValue: String {
        var text = "\(id)"
        if let direction { text += "/" + direction.rawValue }
        text += " " + uri
        if let extensionAttributes { text += " " + extensionAttributes }
        return text
    }

    /// True when the id needs the two-byte header form (RFC 8285 §4.3).
    public var needsTwoByteHeader: Bool { id > 14 }

    static func isValid(id: UInt16) -> Bool { (1...255).contains(id) || (4096...4351).contains(id) }
}
