import Testing
import TestSupport
@testable import SignalingMessages

/// Random values for property tests.
struct MessageGenerator {
    var random: SeededRandom

    static let printable: [Unicode.Scalar] =
        Array("abcXYZ019 _-:./=\"\\{}[],'é名😀🇫".unicodeScalars) + ["\u{301}", "\u{200D}", "\u{FEFF}", "\u{10FFFF}"]
    static let controls: [Unicode.Scalar] = ["\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }

    /// A string of `length` scalars; controls only when allowed.
    mutating func string(_ length: ClosedRange<Int>, controls: Bool = true) -> String {
        let pool = controls ? Self.printable + Self.controls : Self.printable
        var scalars = String.UnicodeScalarView()
        for _ in 0..<int(length) { scalars.append(pool[int(0...pool.count - 1)]) }
        return String(scalars)
    }

    mutating func room() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        return String((0..<int(1...64)).map { _ in alphabet[int(0...alphabet.count - 1)] })
    }

    /// 1 to 64 scalars, so at most 64 Characters; never a control character.
    mutating func name() -> String {
        var name = string(1...64, controls: false)
        // A lone combining mark or joiner is still one Character, so it can't be empty.
        if name.isEmpty { name = "n" }
        return name
    }

    mutating func optional(_ make: (inout MessageGenerator) -> String) -> String? {
        bool() ? make(&self) : nil
    }

    mutating func clientMessage() -> ClientMessage {
        switch int(0...4) {
        case 0: .join(JoinRequest(room: room(), name: name(), token: optional { $0.string(0...300) }))
        case 1: .publish(sdp: string(1...400))
        case 2: .answer(sdp: string(1...400))
        case 3:
            .candidate(
                CandidateMessage(
                    pc: bool() ? .publish : .subscribe, candidate: string(0...120),
                    sdpMid: optional { $0.string(0...8) }, sdpMLineIndex: bool() ? int(0...65535) : nil))
        default: .leave
        }
    }

    mutating func track() -> TrackInfo {
        TrackInfo(id: string(1...20), kind: bool() ? .audio : .video, participant: string(1...20), mid: optional { $0.string(0...4) })
    }

    mutating func tracks() -> [TrackInfo] { (0..<int(0...4)).map { _ in track() } }
    mutating func participant() -> ParticipantInfo { ParticipantInfo(id: string(1...20), name: string(0...70)) }

    mutating func serverMessage() -> ServerMessage {
        switch int(0...6) {
        case 0:
            .joined(
                participant: participant(),
                participants: (0..<int(0...3)).map { _ in ParticipantSummary(id: string(1...9), name: name(), tracks: tracks()) },
                iceServers: (0..<int(0...2)).map { _ in
                    ICEServer(urls: (0..<int(0...2)).map { _ in string(1...30) }, username: optional { $0.string(0...9) }, credential: optional { $0.string(0...9) })
                })
        case 1: .published(sdp: string(0...400), tracks: tracks())
        case 2: .offer(sdp: string(0...400), tracks: tracks())
        case 3: .participantJoined(participant())
        case 4: .participantLeft(participant())
        case 5: .tracks(participant: string(1...20), tracks: tracks())
        default:
            .error(
                ErrorReport(
                    code: [.badRequest, .badSDP, .unauthorized, .roomFull, .tooLarge, .internalError][int(0...5)],
                    message: string(0...80), request: optional { $0.string(1...12) }))
        }
    }

    /// A random JSON value, nested at most `depth` deep.
    mutating func json(depth: Int) -> JSONValue {
        switch int(0...(depth > 0 ? 6 : 4)) {
        case 0: .null
        case 1: .bool(bool())
        case 2: bool() ? .integer(int(-5...70_000)) : .double(Double(int(-1000...1000)) / 8)
        case 3, 4: .string(string(0...20))
        case 5: .array((0..<int(0...4)).map { _ in json(depth: depth - 1) })
        default: .object(jsonObject(depth: depth - 1))
        }
    }

    /// An object with a mix of protocol field names and random ones.
    mutating func jsonObject(depth: Int) -> [String: JSONValue] {
        let keys = [
            "room", "name", "token", "sdp", "pc", "candidate", "sdpMid", "sdpMLineIndex", "participant",
            "participants", "iceServers", "urls", "tracks", "id", "kind", "mid", "code", "message", "request",
        ]
        var members: [String: JSONValue] = [:]
        for _ in 0..<int(0...6) {
            members[bool() ? keys[int(0...keys.count - 1)] : string(1...6)] = json(depth: depth)
        }
        return members
    }
}

@Suite struct SignalingPropertyTests {
    @Test func randomClientMessagesRoundTrip() throws {
        var generator = MessageGenerator(random: SeededRandom(seed: 0x5167_0001))
        for _ in 0..<400 {
            let message = generator.clientMessage()
            let text = message.jsonText()
            let parsed = try ClientMessage(parsing: text)
            #expect(parsed == message, "\(text)")
            #expect(parsed.jsonText() == text)
        }
    }

    @Test func randomServerMessagesRoundTrip() throws {
        var generator = MessageGenerator(random: SeededRandom(seed: 0x5167_0002))
        for _ in 0..<400 {
            let message = generator.serverMessage()
            let text = message.jsonText()
            let parsed = try ServerMessage(parsing: text)
            #expect(parsed == message, "\(text)")
            #expect(parsed.jsonText() == text)
        }
    }

    @Test func randomJSONRoundTrips() throws {
        var generator = MessageGenerator(random: SeededRandom(seed: 0x5167_0003))
        for _ in 0..<300 {
            let value = generator.json(depth: 4)
            #expect(try JSONValue(parsing: Array(value.jsonText().utf8)) == value)
        }
    }

    /// Objects of every known type with random fields: each parses or fails
    /// with bad-request naming that type; whatever parses re-encodes to itself.
    @Test func randomFieldsEitherParseOrNameTheRequest() {
        var generator = MessageGenerator(random: SeededRandom(seed: 0x5167_0004))
        for type in ClientMessage.TypeName.all + ServerMessage.TypeName.all {
            for _ in 0..<60 {
                var members = generator.jsonObject(depth: 3)
                members["type"] = .string(type)
                let value = JSONValue.object(members)
                do {
                    let message = try ClientMessage(value: value)
                    #expect(try ClientMessage(parsing: message.jsonText()) == message)
                } catch {
                    #expect(error.code == .badRequest)
                    #expect(error.request == type)
                }
                do {
                    let message = try ServerMessage(value: value)
                    #expect(try ServerMessage(parsing: message.jsonText()) == message)
                } catch {
                    #expect(error.code == .badRequest)
                    #expect(error.request == type)
                }
            }
        }
    }

    /// Truncations, corruptions and random garbage never trap; errors are bad-request.
    @Test func garbageNeverTraps() {
        var random = SeededRandom(seed: 0x5167_0005)
        var generator = MessageGenerator(random: SeededRandom(seed: 0x5167_0006))
        var inputs: [[UInt8]] = Mutations.garbage(count: 300, maxLength: 200, using: &random)
        for _ in 0..<20 {
            let client = Array(generator.clientMessage().jsonText().utf8)
            let server = Array(generator.serverMessage().jsonText().utf8)
            inputs += Mutations.truncations(of: Array(client.prefix(150)))
            inputs += Mutations.corruptions(of: client, count: 20, using: &random)
            inputs += Mutations.corruptions(of: server, count: 20, using: &random)
        }
        var parsed = 0
        for input in inputs {
            do {
                let message = try ClientMessage(parsing: input)
                parsed += 1
                #expect(try ClientMessage(parsing: message.jsonText()) == message)
            } catch {
                #expect(error.code == .badRequest)
            }
            do {
                let message = try ServerMessage(parsing: input)
                #expect(try ServerMessage(parsing: message.jsonText()) == message)
            } catch {
                #expect(error.code == .badRequest)
            }
        }
        // Some corruptions land in string contents and still parse.
        #expect(parsed > 0)
    }
}
