import HTTPTypes

/// Why a WHIP or WHEP request was refused: the status, a label for
/// `switchboard_whip_refusals_total{reason}` (or whep), and a sentence the
/// client can show.
struct HTTPMediaRefusal: Error {
    let status: HTTPResponse.Status
    let reason: String
    let message: String

    /// Every reason label, so /metrics shows each from 0.
    static let reasons = [
        "unsupported_media_type", "missing_token", "invalid_token", "bad_sdp", "unknown_session", "too_large",
        "precondition_failed", "rate_limited", "limit_reached", "room_full", "bad_request", "nothing_to_watch", "internal",
    ]

    static func unsupportedMediaType(_ expected: String) -> Self {
        Self(status: .unsupportedMediaType, reason: "unsupported_media_type", message: "the body must be \(expected)")
    }
    static let missingToken = Self(
        status: .unauthorized, reason: "missing_token", message: "this server needs a join token (Authorization: Bearer)")
    static func invalidToken(_ why: String) -> Self {
        Self(status: .forbidden, reason: "invalid_token", message: why)
    }
    static func badSDP(_ why: String) -> Self {
        Self(status: .badRequest, reason: "bad_sdp", message: why)
    }
    static let unknownSession = Self(status: .notFound, reason: "unknown_session", message: "no such session")
    static func tooLarge(_ limit: Int) -> Self {
        Self(status: .contentTooLarge, reason: "too_large", message: "the body may hold \(limit) bytes")
    }
    static let staleTag = Self(
        status: .preconditionFailed, reason: "precondition_failed", message: "If-Match names an older ICE state")
    static let restartNeedsIfMatch = Self(
        status: .preconditionRequired, reason: "precondition_failed", message: "an ICE restart needs If-Match: \"*\"")
    static func rateLimited(_ why: String) -> Self {
        Self(status: .tooManyRequests, reason: "rate_limited", message: why)
    }
    static func limitReached(_ why: String) -> Self {
        Self(status: .serviceUnavailable, reason: "limit_reached", message: why)
    }
    static func roomFull(_ limit: Int) -> Self {
        Self(status: .serviceUnavailable, reason: "room_full", message: "the room has \(limit) participants")
    }
    static func badRequest(_ why: String) -> Self {
        Self(status: .badRequest, reason: "bad_request", message: why)
    }
    static func nothingToWatch(_ why: String) -> Self {
        Self(status: .notFound, reason: "nothing_to_watch", message: why)
    }
    static let internalError = Self(
        status: .internalServerError, reason: "internal", message: "the media transport could not be set up")
}
