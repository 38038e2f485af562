/// An `error.code` of the signaling protocol (docs/protocol.md, "Error codes").
/// A struct rather than an enum so that a client reading codes added later
/// still parses them.
public struct SignalingErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Malformed JSON, unknown type, missing or wrong fields, a message out of order.
    public static let badRequest = SignalingErrorCode(rawValue: "bad-request")
    /// An SDP the server could not parse or accept.
    public static let badSDP = SignalingErrorCode(rawValue: "bad-sdp")
    /// A missing, invalid or expired token; the socket closes afterwards.
    public static let unauthorized = SignalingErrorCode(rawValue: "unauthorized")
    /// The room has no place left.
    public static let roomFull = SignalingErrorCode(rawValue: "room-full")
    /// A frame over the size limit; the socket closes afterwards.
    public static let tooLarge = SignalingErrorCode(rawValue: "too-large")
    /// A configured limit refused the request (rooms, participants, tracks,
    /// m-lines, connections); the socket stays open unless the limit is on
    /// the socket itself. An addition to contract version 1.
    public static let limitReached = SignalingErrorCode(rawValue: "limit-reached")
    /// Messages or joins came faster than allowed; the socket closes
    /// afterwards. An addition to contract version 1.
    public static let rateLimited = SignalingErrorCode(rawValue: "rate-limited")
    /// A failure of the server itself, not of the request.
    public static let internalError = SignalingErrorCode(rawValue: "internal")
    /// In a cluster: the room's home could not be settled in time (the
    /// database is unreachable or slow, or no node takes new rooms). The
    /// socket stays open; the join may be tried again. An addition.
    public static let clusterUnavailable = SignalingErrorCode(rawValue: "cluster-unavailable")

    /// Whether the server closes the socket after sending this code
    /// (docs/protocol.md: after `unauthorized`, `too-large` and `rate-limited`).
    public var closesConnection: Bool {
        self == .unauthorized || self == .tooLarge || self == .rateLimited
    }

    public var description: String { rawValue }
}
