/// Reads the fields of one JSON object of a message, turning absent, null
/// and wrongly typed fields into `bad-request` errors that name the field
/// (as a path from the message, e.g. `participants[1].tracks[0].kind`) and
/// the request type. Fields it is not asked for are ignored.
struct JSONObjectReader {
    let members: [String: JSONValue]
    /// The message `type`, reported as the error's `request`.
    let request: String
    /// Path of this object inside the message; empty at the top.
    let path: String

    init(_ members: [String: JSONValue], request: String, path: String = "") {
        self.members = members
        self.request = request
        self.path = path
    }

    func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// The value of a required field; absent or null is `missingField`.
    func required(_ key: String) throws(SignalingError) -> JSONValue {
        guard let value = members[key], value != .null else {
            throw .missingField(fieldPath(key), request: request)
        }
        return value
    }

    func wrongType(_ key: String, expected: String, found: JSONValue) -> SignalingError {
        .wrongType(fieldPath(key), expected: expected, found: found.typeName, request: request)
    }

    func invalid(_ key: String, _ why: String) -> SignalingError {
        .invalidValue(fieldPath(key), why, request: request)
    }

    func string(_ key: String) throws(SignalingError) -> String {
        let value = try required(key)
        guard case .string(let string) = value else { throw wrongType(key, expected: "a string", found: value) }
        return string
    }

    /// A string that must not be empty.
    func nonEmptyString(_ key: String) throws(SignalingError) -> String {
        let string = try string(key)
        if string.isEmpty { throw invalid(key, "must not be empty") }
        return string
    }

    /// An optional string; absent and null both read as nil.
    func optionalString(_ key: String) throws(SignalingError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let string) = value else { throw wrongType(key, expected: "a string or null", found: value) }
        return string
    }

    /// An optional integer; absent and null both read as nil.
    func optionalInteger(_ key: String) throws(SignalingError) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        guard case .integer(let integer) = value else {
            throw wrongType(key, expected: "an integer or null", found: value)
        }
        return integer
    }

    /// An optional boolean; absent and null both read as nil.
    func optionalBool(_ key: String) throws(SignalingError) -> Bool? {
        guard let value = members[key], value != .null else { return nil }
        guard case .bool(let bool) = value else { throw wrongType(key, expected: "a boolean or null", found: value) }
        return bool
    }

    func array(_ key: String) throws(SignalingError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let array) = value else { throw wrongType(key, expected: "an array", found: value) }
        return array
    }

    func strings(_ key: String) throws(SignalingError) -> [String] {
        var strings: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard case .string(let string) = element else {
                throw wrongType("\(key)[\(index)]", expected: "a string", found: element)
            }
            strings.append(string)
        }
        return strings
    }

    func object(_ key: String) throws(SignalingError) -> JSONObjectReader {
        let value = try required(key)
        guard case .object(let members) = value else { throw wrongType(key, expected: "an object", found: value) }
        return JSONObjectReader(members, request: request, path: fieldPath(key))
    }

    /// An array of objects, each read by `read`.
    func objects<T>(
        _ key: String, _ read: (JSONObjectReader) throws(SignalingError) -> T
    ) throws(SignalingError) -> [T] {
        var result: [T] = []
        for (index, element) in try array(key).enumerated() {
            let elementKey = "\(key)[\(index)]"
            guard case .object(let members) = element else {
                throw wrongType(elementKey, expected: "an object", found: element)
            }
            result.append(try read(JSONObjectReader(members, request: request, path: fieldPath(elementKey))))
        }
        return result
    }
}

extension JSONValue {
    /// The members and `type` of a message object, or the error for a value
    /// that is not one.
    func messageObject() throws(SignalingError) -> (type: String, members: [String: JSONValue]) {
        guard case .object(let members) = self else { throw .notAnObject }
        guard case .string(let type)? = members["type"] else { throw .missingType }
        return (type, members)
    }
}
