/// A bot's side of Janus's VideoRoom exchange as a value-type state machine:
/// it turns Janus's messages and one-second ticks into actions (requests to
/// send, media to start), so it is testable without a server.
///
/// A session holds a main handle (creates the room, joins as publisher,
/// lists participants) and, for a subscriber, one subscriber handle whose
/// single PC gets a stream per feed (Janus 1.x multistream). Feeds are found
/// by polling `listparticipants` each tick; new ones are added with
/// `subscribe`, and Janus's new offer is answered with `start`.
struct JanusConversation: Sendable {
    enum Action: Sendable, Hashable {
        case send(JanusRequest)
        /// In the room as `participant` (the feed id for a publisher).
        case joined(participant: String)
        /// Make the publish offer and send it with `configure(offer:)`.
        case publish
        case startPublishing(answerSDP: String)
        /// Answer and send it with `start(answer:)`; `publishers` maps mids to feed ids.
        case answer(offerSDP: String, publishers: [String: String])
        case fail(BotError)
        /// Worth a log line, nothing more.
        case note(String)
    }

    private enum Purpose: Sendable, Hashable {
        case session, attachMain, attachSubscriber, createRoom, joinPublisher, configure, listParticipants
        case subscribe, start, keepalive, other
    }

    let room: Int
    let name: String
    let publishes: Bool
    let subscribes: Bool
    /// Ticks between keepalives (Janus's session_timeout is 60 s).
    var keepaliveTicks = 25

    private(set) var sessionID: Int?
    private(set) var mainHandle: Int?
    private(set) var subscriberHandle: Int?
    private var pending: [String: Purpose] = [:]
    private var transactions = 0
    private var roomReady = false
    private var reportedJoin = false
    private var ownFeed: Int?
    /// Feeds the subscriber PC carries, and whether it exists yet.
    private(set) var subscribedFeeds: Set<Int> = []
    private var subscriberJoined = false
    /// A join or subscribe in flight: no other until its offer or error.
    private var subscribing = false
    private var listing = false
    private var ticks = 0

    init(roomName: String, name: String, publishes: Bool, subscribes: Bool) {
        room = Self.roomID(for: roomName)
        self.name = name
        self.publishes = publishes
        self.subscribes = subscribes
    }

    /// A VideoRoom room id for a room name: FNV-1a (32 bits, positive), so
    /// every bot of a room agrees without talking.
    static func roomID(for name: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash & 0x7fff_ffff) | 1
    }

    mutating func start() -> [Action] {
        [.send(.createSession(transaction: transaction(.session)))]
    }

    mutating func stop() -> [Action] {
        guard let sessionID else { return [] }
        return [.send(.destroy(session: sessionID, transaction: transaction(.other)))]
    }

    mutating func tick() -> [Action] {
        ticks += 1
        var actions: [Action] = []
        if let sessionID, ticks % keepaliveTicks == 0 {
            actions.append(.send(.keepalive(session: sessionID, transaction: transaction(.keepalive))))
        }
        if subscribes, roomReady, subscriberHandle != nil, !subscribing, !listing, let request = message(main: .listParticipants(room: room), .listParticipants) {
            listing = true
            actions.append(.send(request))
        }
        return actions
    }

    /// The configure request carrying the publish offer, then the end of
    /// the bot's candidates: it trickles none, Janus (ICE-lite) learns its
    /// address from the checks, as janus.js would say once gathering ends.
    mutating func configure(offer: String) -> [JanusRequest] {
        guard let sessionID, let mainHandle, let request = message(main: .configure, .configure, jsep: .offer(offer)) else {
            return []
        }
        return [request, .endOfCandidates(session: sessionID, handle: mainHandle, transaction: transaction(.other))]
    }

    /// The start request carrying the answer to a subscriber offer, then
    /// the end of the bot's candidates.
    mutating func start(answer: String) -> [JanusRequest] {
        guard let sessionID, let subscriberHandle else { return [] }
        return [
            .message(
                session: sessionID, handle: subscriberHandle, body: .start, jsep: .answer(answer), transaction: transaction(.start)),
            .endOfCandidates(session: sessionID, handle: subscriberHandle, transaction: transaction(.other)),
        ]
    }

    mutating func receive(_ message: JanusMessage) -> [Action] {
        let purpose = message.transaction.flatMap { pending[$0] }
        // Replies end a transaction; a plugin request's ack does not (its event will).
        if let transaction = message.transaction,
            ["success", "error", "event"].contains(message.janus) || (message.janus == "ack" && [.keepalive, .other].contains(purpose))
        {
            pending[transaction] = nil
        }
        switch message.janus {
        case "success": return succeeded(purpose, message)
        case "error": return failed(purpose, message)
        case "event": return event(message)
        case "hangup", "detached": return [.note("janus \(message.janus) on handle \(message.sender ?? 0)")]
        default: return []
        }
    }

    private mutating func succeeded(_ purpose: Purpose?, _ message: JanusMessage) -> [Action] {
        switch purpose {
        case .session:
            guard let id = message.createdID else { return [.fail(.rejected(code: "janus", message: "create without an id"))] }
            sessionID = id
            var actions: [Action] = [.send(.attach(session: id, transaction: transaction(.attachMain)))]
            if subscribes { actions.append(.send(.attach(session: id, transaction: transaction(.attachSubscriber)))) }
            return actions
        case .attachMain:
            mainHandle = message.createdID
            let create = VideoRoomRequest.create(room: room, description: "switchboard loadtest", publishers: 100)
            return self.message(main: create, .createRoom).map { [.send($0)] } ?? []
        case .attachSubscriber:
            subscriberHandle = message.createdID
            return joinedIfReady()
        case .createRoom:
            // 427: another bot of the room created it first.
            if let code = message.videoRoom?.errorCode, code != 427 {
                return [.fail(.rejected(code: "\(code)", message: message.videoRoom?.error ?? "room not created"))]
            }
            roomReady = true
            if publishes {
                return self.message(main: .joinPublisher(room: room, display: name), .joinPublisher).map { [.send($0)] } ?? []
            }
            return joinedIfReady()
        case .listParticipants:
            listing = false
            return subscribeToNewFeeds(message.videoRoom?.participants ?? [])
        default:
            return []
        }
    }

    private mutating func failed(_ purpose: Purpose?, _ message: JanusMessage) -> [Action] {
        let error = BotError.rejected(code: "\(message.errorCode ?? 0)", message: message.errorReason ?? "janus error")
        switch purpose {
        case .session, .attachMain, .attachSubscriber, .createRoom, .joinPublisher: return [.fail(error)]
        case .listParticipants:
            listing = false
            return [.note("\(error)")]
        case .subscribe:
            subscribing = false
            return [.note("\(error)")]
        default: return [.note("\(error)")]
        }
    }

    private mutating func event(_ message: JanusMessage) -> [Action] {
        let data = message.videoRoom
        if message.sender == mainHandle {
            if data?.videoroom == "joined", let id = data?.id {
                ownFeed = id
                reportedJoin = true
                return [.joined(participant: String(id)), .publish]
            }
            if let jsep = message.jsep, jsep.type == "answer" { return [.startPublishing(answerSDP: jsep.sdp)] }
            if let code = data?.errorCode {
                let error = BotError.rejected(code: "\(code)", message: data?.error ?? "videoroom error")
                return reportedJoin ? [.note("\(error)")] : [.fail(error)]
            }
            return []
        }
        guard message.sender == subscriberHandle else { return [] }
        if let jsep = message.jsep, jsep.type == "offer", let data {
            subscribing = false
            subscriberJoined = true
            var publishers: [String: String] = [:]
            subscribedFeeds = []
            for stream in data.streams where stream.active {
                guard let feed = stream.feedID else { continue }
                publishers[stream.mid] = String(feed)
                subscribedFeeds.insert(feed)
            }
            return [.answer(offerSDP: jsep.sdp, publishers: publishers)]
        }
        if let code = data?.errorCode {
            // 428 (no such feed) until the publisher's PC is up: try again next tick.
            subscribing = false
            return [.note("videoroom error \(code): \(data?.error ?? "")")]
        }
        return []
    }

    private mutating func subscribeToNewFeeds(_ participants: [VideoRoomEvent.Feed]) -> [Action] {
        let feeds = participants.filter { $0.publishing && $0.id != ownFeed && !subscribedFeeds.contains($0.id) }.map(\.id)
        guard !feeds.isEmpty, !subscribing, let sessionID, let subscriberHandle else { return [] }
        subscribing = true
        let body: VideoRoomRequest = subscriberJoined ? .subscribe(feeds: feeds) : .joinSubscriber(room: room, feeds: feeds)
        return [.send(.message(session: sessionID, handle: subscriberHandle, body: body, transaction: transaction(.subscribe)))]
    }

    /// A subscriber is in once the room exists and its handle is attached.
    private mutating func joinedIfReady() -> [Action] {
        guard !publishes, !reportedJoin, roomReady, subscriberHandle != nil, let sessionID else { return [] }
        reportedJoin = true
        return [.joined(participant: String(sessionID))]
    }

    private mutating func message(main body: VideoRoomRequest, _ purpose: Purpose, jsep: JanusJSEP? = nil) -> JanusRequest? {
        guard let sessionID, let mainHandle else { return nil }
        return .message(session: sessionID, handle: mainHandle, body: body, jsep: jsep, transaction: transaction(purpose))
    }

    private mutating func transaction(_ purpose: Purpose) -> String {
        transactions += 1
        let id = "t\(transactions)"
        pending[id] = purpose
        return id
    }
}
