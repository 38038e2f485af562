extension SessionDescription {
    /// Parses a session description (RFC 8866 §5). Lines end in CRLF or a
    /// bare LF; a missing final line end and trailing empty lines are accepted.
    ///
    /// Rules applied (RFC 8866 §5): `v=0` first; `o=`, `s=` and at least one
    /// `t=` required; line types in the order of §5, once unless the RFC
    /// allows repeats; an unknown type letter rejects the whole description
    /// (§5 allows ignoring or rejecting; rejecting keeps serialization exact).
    /// Unknown attributes are kept; the values of known ones are checked.
    /// Canonicalisation on re-serialization: CRLF line ends, and runs of
    /// spaces between the fields of `o=`, `c=`, `b=`, `t=`, `m=` become one;
    /// `a=`, `s=`, `i=` and the other text lines are written back verbatim.
    public init(parsing text: String) throws(SDPError) {
        try self.init(parsing: text[...])
    }

    /// Parses UTF-8 bytes; invalid UTF-8 throws `SDPError.invalidUTF8`.
    public init<Bytes: Collection<UInt8>>(parsing bytes: Bytes) throws(SDPError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        try self.init(parsing: text[...])
    }

    public init(parsing text: Substring) throws(SDPError) {
        var parser = SessionParser()
        var lines = SDPLines(text)
        while let (number, line) = lines.next() {
            if line.isEmpty {
                // only blank lines may follow a blank line
                guard lines.restIsBlank() else { throw .emptyLine(line: number) }
                break
            }
            try parser.take(line: line, number: number)
        }
        self = try parser.finish(lineCount: lines.count)
    }
}

/// Splits text into lines at LF, dropping a CR before it; works on UTF-8 so
/// a CRLF pair (one `Character` in Swift) splits like a bare LF.
struct SDPLines {
    private let utf8: Substring.UTF8View
    private var position: Substring.UTF8View.Index
    private(set) var count = 0

    init(_ text: Substring) {
        utf8 = text.utf8
        position = utf8.startIndex
    }

    mutating func next() -> (Int, Substring)? {
        guard position < utf8.endIndex else { return nil }
        let newline = utf8[position...].firstIndex(of: 0x0A) ?? utf8.endIndex
        var end = newline
        if end > position, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
        let line = Substring(utf8[position..<end])
        position = newline == utf8.endIndex ? newline : utf8.index(after: newline)
        count += 1
        return (count, line)
    }

    func restIsBlank() -> Bool {
        utf8[position...].allSatisfy { $0 == 0x0A || $0 == 0x0D }
    }
}

/// The line-by-line state of a parse: which section, which line types seen.
private struct SessionParser {
    // Session-level ranks from the order of RFC 8866 §5; `r=` belongs to the `t=` before it.
    private static let sessionRank: [UInt8: Int] = [
        ascii("v"): 0, ascii("o"): 1, ascii("s"): 2, ascii("i"): 3, ascii("u"): 4, ascii("e"): 5,
        ascii("p"): 6, ascii("c"): 7, ascii("b"): 8, ascii("t"): 9, ascii("r"): 10, ascii("z"): 11,
        ascii("k"): 12, ascii("a"): 13, ascii("m"): 14,
    ]
    private static let sessionRepeatable: Set<UInt8> = [ascii("e"), ascii("p"), ascii("b"), ascii("t"), ascii("r"), ascii("a")]
    private static let mediaRank: [UInt8: Int] = [
        ascii("m"): 0, ascii("i"): 1, ascii("c"): 2, ascii("b"): 3, ascii("k"): 4, ascii("a"): 5,
    ]
    private static let mediaRepeatable: Set<UInt8> = [ascii("c"), ascii("b"), ascii("a")]

    private var session = SessionDescription(origin: Origin(sessionID: "0", sessionVersion: 0), timings: [])
    private var hasOrigin = false
    private var hasSessionName = false
    private var lastLetter: UInt8?
    private var current: MediaDescription?

    private static func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }

    mutating func take(line: Substring, number: Int) throws(SDPError) {
        let bytes = line.utf8
        guard bytes.count >= 2, bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: "=") else {
            throw number == 1 && !line.hasPrefix("v") ? .missingVersion(line: 1) : .lineWithoutEquals(line: number)
        }
        guard !bytes.contains(0x00), !bytes.contains(0x0D) else { throw .badCharacter(line: number) }
        let letter = bytes[bytes.startIndex]
        guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { throw .badTypeLetter(line: number) }
        let value = line.dropFirst(2)
        let character = Character(Unicode.Scalar(letter))
        if number == 1 {
            guard letter == UInt8(ascii: "v") else { throw .missingVersion(line: 1) }
            guard value == "0" else { throw .unsupportedVersion(line: 1) }
            lastLetter = letter
            return
        }
        if letter == UInt8(ascii: "m") {
            try finishSection(line: number)
            current = try Self.mediaLine(value, number: number)
            lastLetter = letter
            return
        }
        if current != nil {
            try checkOrder(letter, character, number, ranks: Self.mediaRank, repeatable: Self.mediaRepeatable)
            try takeMedia(letter, value, number)
        } else {
            guard Self.sessionRank[letter] != nil else { throw .unknownLineType(line: number, letter: character) }
            try checkOrder(letter, character, number, ranks: Self.sessionRank, repeatable: Self.sessionRepeatable)
            try takeSession(letter, value, number)
        }
        lastLetter = letter
    }

    private func checkOrder(
        _ letter: UInt8, _ character: Character, _ number: Int, ranks: [UInt8: Int], repeatable: Set<UInt8>
    ) throws(SDPError) {
        guard let rank = ranks[letter] else {
            // a known session-only letter inside a media section, or an unknown one
            throw Self.sessionRank[letter] != nil
                ? .outOfOrder(line: number, letter: character) : .unknownLineType(line: number, letter: character)
        }
        guard let last = lastLetter, let lastRank = ranks[last] else { return }
        if letter == last {
            guard repeatable.contains(letter) else { throw .duplicateLine(line: number, letter: character) }
            return
        }
        // `t=` may follow the `r=` lines of the previous `t=`; `r=` only follows `t=`/`r=`.
        if letter == UInt8(ascii: "t"), last == UInt8(ascii: "r") { return }
        if letter == UInt8(ascii: "r"), last != UInt8(ascii: "t") { throw .outOfOrder(line: number, letter: character) }
        guard rank > lastRank else { throw .outOfOrder(line: number, letter: character) }
    }

    private mutating func takeSession(_ letter: UInt8, _ value: Substring, _ number: Int) throws(SDPError) {
        switch Unicode.Scalar(letter) {
        case "o":
            guard let origin = Origin(parsingLine: value) else { throw .badOrigin(line: number) }
            session.origin = origin
            hasOrigin = true
        case "s":
            guard hasOrigin else { throw .missingLine(line: number, letter: "o") }
            session.sessionName = String(value)
            hasSessionName = true
        case "i": session.information = String(value)
        case "u": session.uri = String(value)
        case "e": session.emails.append(String(value))
        case "p": session.phones.append(String(value))
        case "c":
            guard let connection = Connection(parsingLine: value) else { throw .badConnection(line: number) }
            session.connection = connection
        case "b":
            guard let bandwidth = Bandwidth(parsingLine: value) else { throw .badBandwidth(line: number) }
            session.bandwidths.append(bandwidth)
        case "t":
            try requireHeader(before: number)
            guard let timing = Timing(parsingLine: value) else { throw .badTiming(line: number) }
            session.timings.append(timing)
        case "r":
            // checkOrder guarantees a `t=` before
            session.timings[session.timings.count - 1].repeats.append(String(value))
        case "z": session.timeZones = String(value)
        case "k": session.encryptionKey = String(value)
        case "a": session.attributes.append(try Self.attribute(value, number: number))
        default: throw .outOfOrder(line: number, letter: Character(Unicode.Scalar(letter)))
        }
    }

    private mutating func takeMedia(_ letter: UInt8, _ value: Substring, _ number: Int) throws(SDPError) {
        guard var media = current else { return }
        current = nil  // keep the value uniquely referenced while it is edited
        defer { current = media }
        switch Unicode.Scalar(letter) {
        case "i": media.information = String(value)
        case "c":
            guard let connection = Connection(parsingLine: value) else { throw .badConnection(line: number) }
            media.connections.append(connection)
        case "b":
            guard let bandwidth = Bandwidth(parsingLine: value) else { throw .badBandwidth(line: number) }
            media.bandwidths.append(bandwidth)
        case "k": media.encryptionKey = String(value)
        default: media.attributes.append(try Self.attribute(value, number: number))
        }
    }

    private func requireHeader(before number: Int) throws(SDPError) {
        guard hasOrigin else { throw .missingLine(line: number, letter: "o") }
        guard hasSessionName else { throw .missingLine(line: number, letter: "s") }
    }

    private mutating func finishSection(line number: Int) throws(SDPError) {
        if let media = current {
            session.media.append(media)
            current = nil
        } else {
            try requireHeader(before: number)
            guard !session.timings.isEmpty else { throw .missingLine(line: number, letter: "t") }
        }
    }

    mutating func finish(lineCount: Int) throws(SDPError) -> SessionDescription {
        guard lastLetter != nil else { throw .empty }
        try finishSection(line: lineCount + 1)
        return session
    }

    private static func attribute(_ value: Substring, number: Int) throws(SDPError) -> SDPAttribute {
        let attribute: SDPAttribute
        do {
            attribute = try SDPAttribute(parsingLine: value)
        } catch {
            throw .badAttributeName(line: number)
        }
        do {
            try attribute.validate()
        } catch {
            throw .badAttribute(line: number, name: attribute.name, error)
        }
        return attribute
    }

    /// `m=<media> <port>[/<count>] <proto> <fmt> ...` (RFC 8866 §5.14).
    private static func mediaLine(_ value: Substring, number: Int) throws(SDPError) -> MediaDescription {
        let fields = SDPText.fields(value)
        guard fields.count >= 4, SDPText.isToken(fields[0]), SDPText.isVisible(fields[2]) else {
            throw .badMediaLine(line: number)
        }
        let (portText, countText) = SDPText.splitOnce(fields[1], at: "/")
        guard let port = SDPText.decimal(portText, as: UInt16.self) else { throw .badPort(line: number) }
        var portCount: UInt16?
        if let countText {
            guard let count = SDPText.decimal(countText, as: UInt16.self) else { throw .badPort(line: number) }
            portCount = count
        }
        let formats = fields[3...]
        guard formats.allSatisfy(SDPText.isToken) else { throw .badMediaLine(line: number) }
        return MediaDescription(
            media: String(fields[0]), port: port, portCount: portCount, proto: String(fields[2]),
            formats: formats.map(String.init))
    }
}
