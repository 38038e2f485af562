/// A parsed JSON value: the neutral form that signaling messages are read
/// from and written to, so that field checks (missing, null, wrong type) are
/// ours and map straight to protocol error codes and field names.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text strictly (RFC 8259). Any syntax error, invalid
    /// UTF-8 or nesting past 64 levels is `bad-request` with reason
    /// `.malformedJSON(at:)`; nothing traps.
    public init(parsing bytes: some Collection<UInt8>) throws(SignalingError) {
        self = try JSONParser.parse(Array(bytes))
    }

    /// Compact JSON text. Object keys are written `"type"` first, then in
    /// sorted order, so the same value always gives the same text.
    public func jsonText() -> String {
        var text = ""
        write(into: &text)
        return text
    }

    /// Appends the compact JSON text of this value to `text`.
    public func write(into text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .integer(let value): text += String(value)
        case .double(let value):
            // JSON has no NaN or infinity; JSON input never produces them.
            text += value.isFinite ? String(describing: value) : "null"
        case .string(let value): Self.writeString(value, into: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.write(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in Self.orderedKeys(members).enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, into: &text)
                text += ":"
                members[key, default: .null].write(into: &text)
            }
            text += "}"
        }
    }

    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { left, right in
            if left == "type" || right == "type" { return left == "type" && right != "type" }
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
        }
    }

    /// RFC 8259 section 7: quote, backslash and U+0000-U+001F must be
    /// escaped; everything else may go out as UTF-8.
    static func writeString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension JSONValue {
    /// A short name of the value's JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
