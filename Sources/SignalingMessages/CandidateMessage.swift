/// Which of a participant's two peer connections a message is about.
public enum PeerConnectionRole: String, Sendable, Hashable, CaseIterable {
    /// The client offers, the server answers; carries the client's media.
    case publish
    /// The server offers, the client answers; carries forwarded media.
    case subscribe
}

/// A trickled ICE candidate of the client, as RTCIceCandidate.toJSON() gives
/// it, plus the peer connection it belongs to.
public struct CandidateMessage: Sendable, Hashable {
    /// The peer connection the candidate belongs to.
    public var pc: PeerConnectionRole
    /// The `candidate:...` string; empty ends gathering.
    public var candidate: String
    /// The m-line's mid, when known.
    public var sdpMid: String?
    /// The m-line's index, when known.
    public var sdpMLineIndex: Int?

    public init(pc: PeerConnectionRole, candidate: String, sdpMid: String? = nil, sdpMLineIndex: Int? = nil) {
        self.pc = pc
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
    }
}

extension CandidateMessage {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        let pcName = try reader.string("pc")
        guard let pc = PeerConnectionRole(rawValue: pcName) else {
            throw reader.invalid("pc", "must be \"publish\" or \"subscribe\"")
        }
        let index = try reader.optionalInteger("sdpMLineIndex")
        // RTCIceCandidateInit.sdpMLineIndex is an unsigned short.
        if let index, !(0...Int(UInt16.max)).contains(index) {
            throw reader.invalid("sdpMLineIndex", "must be between 0 and 65535")
        }
        self.init(
            pc: pc, candidate: try reader.string("candidate"), sdpMid: try reader.optionalString("sdpMid"),
            sdpMLineIndex: index)
    }

    /// sdpMid and sdpMLineIndex go out as null when nil, as toJSON() writes them.
    var jsonMembers: [String: JSONValue] {
        [
            "pc": .string(pc.rawValue), "candidate": .string(candidate),
            "sdpMid": sdpMid.map(JSONValue.string) ?? .null,
            "sdpMLineIndex": sdpMLineIndex.map(JSONValue.integer) ?? .null,
        ]
    }
}
