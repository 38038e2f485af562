import Foundation

/// Reads typed values out of parsed YAML, remembering which keys were used
/// so unknown ones can be reported.
struct YAMLReader {
    var sections: [String: Any]
    var used: Set<String> = []

    mutating func section(_ name: String, _ body: (inout SectionReader) throws -> Void) throws {
        used.insert(name)
        guard let value = sections[name] else { return }
        guard let mapping = value as? [String: Any] else { throw ConfigurationError(description: "\(name) must be a mapping") }
        var reader = SectionReader(name: name, values: mapping)
        try body(&reader)
        try reader.finish()
    }

    func finish() throws {
        if let unknown = sections.keys.sorted().first(where: { !used.contains($0) }) {
            throw ConfigurationError(description: "unknown section \(unknown)")
        }
    }
}

struct SectionReader {
    let name: String
    let values: [String: Any]
    var used: Set<String> = []

    mutating func string(_ key: String, _ fallback: String) throws -> String {
        used.insert(key)
        guard let value = values[key] else { return fallback }
        if let text = value as? String { return text }
        if value is NSNull { return "" }
        throw ConfigurationError(description: "\(name).\(key) must be a string")
    }

    mutating func int(_ key: String, _ fallback: Int) throws -> Int {
        used.insert(key)
        guard let value = values[key] else { return fallback }
        guard let number = value as? Int else { throw ConfigurationError(description: "\(name).\(key) must be an integer") }
        return number
    }

    mutating func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        used.insert(key)
        guard let value = values[key] else { return fallback }
        guard let flag = value as? Bool else { throw ConfigurationError(description: "\(name).\(key) must be true or false") }
        return flag
    }

    mutating func strings(_ key: String, _ fallback: [String]) throws -> [String] {
        used.insert(key)
        guard let value = values[key] else { return fallback }
        guard let list = value as? [Any], let strings = list.map({ "\($0)" }) as [String]? else {
            throw ConfigurationError(description: "\(name).\(key) must be a list")
        }
        return strings
    }

    /// A duration: a number of seconds, or text like "30s", "500ms", "2m".
    mutating func duration(_ key: String, _ fallback: Double) throws -> Double {
        used.insert(key)
        guard let value = values[key] else { return fallback }
        if let number = value as? Int { return Double(number) }
        if let number = value as? Double { return number }
        if let text = value as? String, let seconds = parseDuration(text) { return seconds }
        throw ConfigurationError(description: "\(name).\(key) must be a duration such as 30s or 500ms")
    }

    func finish() throws {
        if let unknown = values.keys.sorted().first(where: { !used.contains($0) }) {
            throw ConfigurationError(description: "unknown key \(name).\(unknown)")
        }
    }
}
