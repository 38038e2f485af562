/// `a=simulcast:send <streams> [recv <streams>]` (RFC 8853 §5.1). Streams
/// are separated by `;`, alternatives of one stream by `,`, and a `~`
/// before a rid marks it paused: `send q;h;~f` or `recv 1,2;3`.
public struct Simulcast: SDPAttributeValue {
    public static let attributeName = "simulcast"

    /// One rid in a stream's list of alternatives.
    public struct Alternative: Hashable, Sendable {
        public var rid: String
        public var paused: Bool

        public init(rid: String, paused: Bool = false) {
            self.rid = rid
            self.paused = paused
        }
    }

    /// Simulcast streams sent, each a list of alternative rids.
    public var send: [[Alternative]]
    /// Simulcast streams received.
    public var receive: [[Alternative]]

    public init(send: [[Alternative]] = [], receive: [[Alternative]] = []) {
        self.send = send
        self.receive = receive
    }

    /// One alternative per stream, none paused: `send q;h;f`.
    public init(sendRIDs: [String]) {
        self.init(send: sendRIDs.map { [Alternative(rid: $0)] })
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count == 2 || fields.count == 4 else { throw .missingField("direction") }
        send = []
        receive = []
        var seenSend = false, seenReceive = false
        for index in stride(from: 0, to: fields.count, by: 2) {
            let streams = try Simulcast.streams(fields[index + 1])
            switch fields[index] {
            case "send" where !seenSend:
                seenSend = true
                send = streams
            case "recv" where !seenReceive:
                seenReceive = true
                receive = streams
            default:
                throw .badValue("direction")
            }
        }
    }

    /// `send ...` then `recv ...`, whichever are not empty.
    public var attributeValue: String {
        var parts: [String] = []
        if !send.isEmpty { parts.append("send " + Simulcast.text(of: send)) }
        if !receive.isEmpty { parts.append("recv " + Simulcast.text(of: receive)) }
        return parts.joined(separator: " ")
    }

    /// The first alternative of each sent stream, e.g. `["q", "h", "f"]`.
    public var sendRIDs: [String] { send.compactMap { $0.first?.rid } }

    private static func streams(_ text: Substring) throws(SDPAttributeError) -> [[Alternative]] {
        var streams: [[Alternative]] = []
        for stream in text.split(separator: ";", omittingEmptySubsequences: false) {
            var alternatives: [Alternative] = []
            for alternative in stream.split(separator: ",", omittingEmptySubsequences: false) {
                let paused = alternative.first == "~"
                let rid = paused ? alternative.dropFirst() : alternative
                guard RID.isValid(id: rid) else { throw .badValue("rid") }
                alternatives.append(Alternative(rid: String(rid), paused: paused))
            }
            streams.append(alternatives)
        }
        return streams
    }

    private static func text(of streams: [[Alternative]]) -> String {
        streams.map { stream in
            stream.map { ($0.paused ? "~" : "") + $0.rid }.joined(separator: ",")
        }.joined(separator: ";")
    }
}
