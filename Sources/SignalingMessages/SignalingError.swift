/// What went wrong with a signaling message: the protocol's error code, a
/// human-readable message, and the `type` of the request when it is known.
/// Parsing throws it; the server sends it back as an `error` message
/// (`ServerMessage.error(ErrorReport(error))`).
public struct SignalingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The precise fault, for code that reacts to it (the text is in `message`).
    public enum Reason: Sendable, Hashable {
        /// Not JSON: syntax error, invalid UTF-8, or nested too deep; the
        /// byte offset where parsing stopped.
        case malformedJSON(at: Int)
        /// JSON, but not an object.
        case notAnObject
        /// The object has no string `type`.
        case missingType
        /// A `type` this side does not know.
        case unknownType(String)
        /// A required field is absent or null.
        case missingField(String)
        /// A field holds the wrong JSON type.
        case wrongType(field: String, expected: String, found: String)
        /// A field has the right type but a value the protocol does not allow.
        case invalidValue(field: String)
        /// A frame over the limit, before any parsing.
        case tooLarge(byteCount: Int, limit: Int)
        /// Raised by the server itself (bad SDP, unauthorized, room full, ...).
        case reported
    }

    /// The protocol error code.
    public var code: SignalingErrorCode
    /// A human-readable explanation, sent as `error.message`.
    public var message: String
    /// The `type` of the request this answers, when known.
    public var request: String?
    /// The precise fault.
    public var reason: Reason

    /// An error with the given code, as the server raises it (`reason` is `.reported`).
    public init(code: SignalingErrorCode, message: String, request: String? = nil) {
        self.init(code: code, message: message, request: request, reason: .reported)
    }

    init(code: SignalingErrorCode, message: String, request: String?, reason: Reason) {
        self.code = code
        self.message = message
        self.request = request
        self.reason = reason
    }

    /// Whether the server closes the socket after sending this error.
    public var closesConnection: Bool { code.closesConnection }

    /// The field at fault (a dotted path such as `tracks[0].kind`), if any.
    public var field: String? {
        switch reason {
        case .missingType: "type"
        case .missingField(let field), .wrongType(let field, _, _), .invalidValue(let field): field
        default: nil
        }
    }

    public var description: String {
        "\(code.rawValue)\(request.map { " (\($0))" } ?? ""): \(message)"
    }
}

extension SignalingError {
    static func malformedJSON(at offset: Int) -> SignalingError {
        SignalingError(
            code: .badRequest, message: "malformed JSON at byte \(offset)", request: nil,
            reason: .malformedJSON(at: offset))
    }

    static let notAnObject = SignalingError(
        code: .badRequest, message: "a message must be a JSON object", request: nil, reason: .notAnObject)

    static let missingType = SignalingError(
        code: .badRequest, message: "a message needs a string field 'type'", request: nil, reason: .missingType)

    static func unknownType(_ type: String) -> SignalingError {
        SignalingError(
            code: .badRequest, message: "unknown message type '\(type)'", request: type, reason: .unknownType(type))
    }

    static func missingField(_ field: String, request: String) -> SignalingError {
        SignalingError(
            code: .badRequest, message: "missing field '\(field)'", request: request, reason: .missingField(field))
    }

    static func wrongType(_ field: String, expected: String, found: String, request: String) -> SignalingError {
        SignalingError(
            code: .badRequest, message: "field '\(field)' must be \(expected), not \(found)", request: request,
            reason: .wrongType(field: field, expected: expected, found: found))
    }

    static func invalidValue(_ field: String, _ why: String, request: String) -> SignalingError {
        SignalingError(
            code: .badRequest, message: "field '\(field)' \(why)", request: request, reason: .invalidValue(field: field))
    }

    static func tooLarge(byteCount: Int, limit: Int) -> SignalingError {
        SignalingError(
            code: .tooLarge, message: "frame of \(byteCount) bytes is over the limit of \(limit) bytes", request: nil,
            reason: .tooLarge(byteCount: byteCount, limit: limit))
    }
}
