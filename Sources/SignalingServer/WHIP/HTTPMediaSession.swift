import MediaTransport
import NIOConcurrencyHelpers
import NIOCore

/// One WHIP or WHEP session resource (RFC 9725 §4.3): a participant of a
/// room that came over HTTP instead of the WebSocket contract. Lives until
/// `DELETE`, or until its transport fails or never connects.
final class HTTPMediaSession: Sendable {
    /// The two doors: publishing (WHIP) and watching (WHEP).
    enum Kind: String, Sendable, CaseIterable {
        case whip
        case whep
    }

    let id: String
    let kind: Kind
    let room: String
    let worker: MediaWorker
    let connection: NIOLoopBound<ParticipantConnection>
    let participantID: String
    /// The first m-line's mid, which an ICE restart's answer fragment names.
    let firstMid: String
    private let clientUfragBox: NIOLockedValueBox<String>
    private let currentTag: NIOLockedValueBox<String>

    init(id: String, kind: Kind, room: String, clientUfrag: String, firstMid: String, entered: RoomEntrance.Entered) {
        self.clientUfragBox = NIOLockedValueBox(clientUfrag)
        self.firstMid = firstMid
        self.id = id
        self.kind = kind
        self.room = room
        self.worker = entered.worker
        self.connection = entered.connection
        self.participantID = entered.participantID
        self.currentTag = NIOLockedValueBox(Self.freshTag())
    }

    /// The resource's path, what `Location` names.
    var path: String { "/\(kind.rawValue)/\(room)/\(id)" }

    /// The client's ICE ufrag: a PATCH naming another one is an ICE restart.
    var clientUfrag: String {
        get { clientUfragBox.withLockedValue { $0 } }
        set { clientUfragBox.withLockedValue { $0 = newValue } }
    }

    /// The entity tag of the session's ICE state; an ICE restart changes it.
    var etag: String { currentTag.withLockedValue { $0 } }

    /// A new tag, after an ICE restart.
    @discardableResult
    func renewTag() -> String {
        currentTag.withLockedValue {
            $0 = Self.freshTag()
            return $0
        }
    }

    /// Whether an `If-Match` value names the current state (`*` always does).
    func matches(_ ifMatch: String) -> Bool {
        let tag = etag
        return ifMatch.split(separator: ",").contains {
            let value = $0.trimmingCharacters(in: .whitespaces)
            return value == "*" || value == tag || value == "W/\(tag)"
        }
    }

    /// Leaves the room and closes the transport.
    func close() async {
        let connection = self.connection
        try? await worker.eventLoop.submit { connection.value.close() }.get()
    }

    private static func freshTag() -> String {
        "\"\(randomHex(bytes: 8))\""
    }

    /// Hex of `bytes` random bytes: session ids are 128 bits, so a
    /// resource's URL is its own capability (nobody guesses another's).
    static func randomHex(bytes: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        var text: [UInt8] = []
        text.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
