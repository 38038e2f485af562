import SignalingMessages

/// Lenient reads of a parsed JSON value, for another server's messages:
/// a missing or mistyped field is just absent (Janus adds fields freely).
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// Janus's ids are integers below 2^53; doubles that are whole count too.
    var integerValue: Int? {
        switch self {
        case .integer(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: Int(value)
        default: nil
        }
    }

    var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    var arrayValue: [JSONValue] {
        guard case .array(let values) = self else { return [] }
        return values
    }
}
