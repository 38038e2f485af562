/// A strict RFC 8259 JSON parser over UTF-8 bytes: no trailing commas,
/// comments or bare words; invalid UTF-8, lone surrogates and unescaped
/// control characters are errors. Nesting is capped so hostile input can't
/// exhaust the stack (signaling messages nest about five deep).
struct JSONParser {
    /// Deepest array/object nesting accepted.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The single JSON value that `bytes` holds, surrounded by optional whitespace.
    static func parse(_ bytes: [UInt8]) throws(SignalingError) -> JSONValue {
        var parser = JSONParser(bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.fail() }
        return value
    }

    private func fail() -> SignalingError {
        .malformedJSON(at: index)
    }

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        // RFC 8259 section 2: space, tab, line feed, carriage return.
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    private mutating func expect(_ literal: StaticString) throws(SignalingError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail() }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            index += offset
            throw fail()
        }
        index += count
    }

    private mutating func parseValue() throws(SignalingError) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw fail() }
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail()
        }
    }

    private mutating func enterContainer() throws(SignalingError) {
        depth += 1
        if depth > Self.maxDepth { throw fail() }
        index += 1  // the opening bracket
    }

    private mutating func parseObject() throws(SignalingError) -> [String: JSONValue] {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return members
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail() }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail() }
            index += 1
            // Duplicate keys: the last one wins, as in JSON.parse.
            members[key] = try parseValue()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return members
            default: throw fail()
            }
        }
    }

    private mutating func parseArray() throws(SignalingError) -> [JSONValue] {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return elements
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return elements
            default: throw fail()
            }
        }
    }

    private mutating func parseString() throws(SignalingError) -> String {
        let start = index
        index += 1  // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw fail() }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                // Raw bytes were copied unchecked; validate them once here.
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    index = start
                    throw fail()
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &utf8)
            case 0x00..<0x20:
                throw fail()  // RFC 8259 section 7: control characters must be escaped
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(SignalingError) {
        guard let byte = current else { throw fail() }
        index += 1
        let simple: UInt8
        switch byte {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            var value = UInt32(try parseHex4())
            if (0xD800..<0xDC00).contains(value) {
                // A high surrogate must be followed by an escaped low one.
                try expect("\\u")
                let low = UInt32(try parseHex4())
                guard (0xDC00..<0xE000).contains(low) else { throw fail() }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail() }  // lone low surrogate
            utf8.append(contentsOf: scalar.utf8)
            return
        default:
            index -= 1
            throw fail()
        }
        utf8.append(simple)
    }

    private mutating func parseHex4() throws(SignalingError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw fail() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail()
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Integers that fit in Int stay integers; the rest become finite doubles.
    private mutating func parseNumber() throws(SignalingError) -> JSONValue {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw fail() }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = current, isDigit(digit) else { throw fail() }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, isDigit(digit) else { throw fail() }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else {
            index = start
            throw fail()
        }
        return .double(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }
}
