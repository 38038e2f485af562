/// `a=rid:<rid-id> <send|recv> [<restrictions>]` (RFC 8851 §10), e.g.
/// `a=rid:h send pt=96;max-width=640`.
public struct RID: SDPAttributeValue {
    public static let attributeName = "rid"

    public enum Direction: String, Hashable, Sendable {
        case send, recv
    }

    /// One `name=value` restriction (`pt`, `max-width`, `max-fps`, ...).
    public struct Restriction: Hashable, Sendable {
        public var name: String
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The rid (1 to 255 of alphanumeric, `-`, `_`; RFC 8851 §10, RFC 8852 §3.1).
    public var id: String
    public var direction: Direction
    /// The restrictions in order, `pt=` included.
    public var restrictions: [Restriction]

    public init(id: String, direction: Direction, restrictions: [Restriction] = []) {
        self.id = id
        self.direction = direction
        self.restrictions = restrictions
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count >= 2 else { throw .missingField("direction") }
        guard RID.isValid(id: fields[0]) else { throw .badValue("rid") }
        id = String(fields[0])
        guard let direction = Direction(rawValue: String(fields[1])) else { throw .badValue("direction") }
        self.direction = direction
        guard fields.count <= 3 else { throw .badValue("restrictions") }
        restrictions = []
        guard fields.count == 3 else { return }
        for part in fields[2].split(separator: ";") {
            let (name, value) = SDPText.splitOnce(part, at: "=")
            guard SDPText.isToken(name) else { throw .badValue("restriction") }
            restrictions.append(Restriction(name: String(name), value: value.map(String.init)))
        }
        for payloadType in restriction("pt")?.split(separator: ",") ?? [] {
            _ = try RTPMap.payloadType(payloadType[...])
        }
    }

    public var attributeValue: String {
        var text = id + " " + direction.rawValue
        if !restrictions.isEmpty {
            text += " " + restrictions.map { restriction in
                restriction.value.map { restriction.name + "=" + $0 } ?? restriction.name
            }.joined(separator: ";")
        }
        return text
    }

    /// The value of the restriction called `name`.
    public func restriction(_ name: String) -> String? {
        restrictions.first { $0.name == name }?.value
    }

    /// The payload types of `pt=`, empty when unrestricted.
    public var payloadTypes: [UInt8] {
        (restriction("pt")?.split(separator: ",") ?? []).compactMap { try? RTPMap.payloadType($0[...]) }
    }

    public var maxWidth: UInt32? { restriction("max-width").flatMap { SDPText.decimal($0[...]) } }
    public var maxHeight: UInt32? { restriction("max-height").flatMap { SDPText.decimal($0[...]) } }

    static func isValid(id: Substring) -> Bool {
        (1...255).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }
}
