/// The body of an `error` message: `{code, message, request?}`.
public struct ErrorReport: Sendable, Hashable {
    public var code: SignalingErrorCode
    public var message: String
    /// The `type` of the request this answers, when known; omitted when nil.
    public var request: String?

    public init(code: SignalingErrorCode, message: String, request: String? = nil) {
        self.code = code
        self.message = message
        self.request = request
    }

    /// The report of a thrown error.
    public init(_ error: SignalingError) {
        self.init(code: error.code, message: error.message, request: error.request)
    }

    /// Whether the server closes the socket after this error.
    public var closesConnection: Bool { code.closesConnection }
}

extension ErrorReport {
    init(reading reader: JSONObjectReader) throws(SignalingError) {
        self.init(
            code: SignalingErrorCode(rawValue: try reader.string("code")), message: try reader.string("message"),
            request: try reader.optionalString("request"))
    }

    var jsonMembers: [String: JSONValue] {
        var members: [String: JSONValue] = ["code": .string(code.rawValue), "message": .string(message)]
        if let request { members["request"] = .string(request) }
        return members
    }
}
