/// Why a session description was refused, with the 1-based line number
/// where the problem was found.
public enum SDPError: Error, Equatable, Hashable, Sendable {
    /// The input had no lines at all.
    case empty
    /// The bytes were not valid UTF-8 (RFC 8866 §5: SDP is UTF-8 text).
    case invalidUTF8
    /// The first line is not a `v=` line (RFC 8866 §5.1).
    case missingVersion(line: Int)
    /// `v=` with a version other than 0.
    case unsupportedVersion(line: Int)
    /// A line that is not `<letter>=<value>`, e.g. no `=` in the second place.
    case lineWithoutEquals(line: Int)
    /// The type is not a single lower-case letter.
    case badTypeLetter(line: Int)
    /// A type letter RFC 8866 does not define. §5: a parser must ignore or
    /// reject the whole description; this one rejects it.
    case unknownLineType(line: Int, letter: Character)
    /// A known line type where RFC 8866 §5 does not allow it (wrong order,
    /// or a session-only line inside a media section).
    case outOfOrder(line: Int, letter: Character)
    /// A second line of a type that may appear only once in its section.
    case duplicateLine(line: Int, letter: Character)
    /// A required line (`o=`, `s=`, `t=`) is missing; `line` is where it was due.
    case missingLine(line: Int, letter: Character)
    /// An empty line before the end of the description.
    case emptyLine(line: Int)
    /// A NUL or carriage return inside a line (RFC 8866 §9 `text` excludes them).
    case badCharacter(line: Int)
    /// An `o=` line without its six fields, or with a non-numeric id/version.
    case badOrigin(line: Int)
    /// A `c=` line that is not `<nettype> <addrtype> <address>`.
    case badConnection(line: Int)
    /// A `b=` line that is not `<bwtype>:<bandwidth>`.
    case badBandwidth(line: Int)
    /// A `t=` line that is not two decimal times.
    case badTiming(line: Int)
    /// An `m=` line without media, port, proto and at least one format.
    case badMediaLine(line: Int)
    /// An `m=` port (or port count) that is not a number in 0...65535.
    case badPort(line: Int)
    /// An `a=` line whose name is not a token (RFC 8866 §9 `att-field`).
    case badAttributeName(line: Int)
    /// A known attribute whose value does not follow its RFC.
    case badAttribute(line: Int, name: String, SDPAttributeError)
}

/// What is wrong with the value of a typed attribute.
public enum SDPAttributeError: Error, Equatable, Hashable, Sendable {
    /// The attribute needs a value (`a=name:value`) and has none.
    case missingValue
    /// A required field is absent; the associated value names it.
    case missingField(String)
    /// A field that should be a number in range is not; names the field.
    case badNumber(String)
    /// A field has a value its RFC does not allow; names the field.
    case badValue(String)
}
