/// The value of an ERROR-CODE attribute (RFC 8489 §14.8): a code 300-699
/// (class * 100 + number on the wire) and a UTF-8 reason phrase.
public struct STUNErrorCode: Sendable, Hashable {
    /// The numeric code, e.g. 401. Written as class `code / 100` and number
    /// `code % 100`, so it should stay within 0...799 to survive a round trip.
    public var code: UInt16
    public var reason: String

    public init(code: UInt16, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The hundreds digit, as carried in the 3-bit class field.
    public var errorClass: UInt8 { UInt8(truncatingIfNeeded: code / 100) }
    /// The last two digits, as carried in the number byte.
    public var number: UInt8 { UInt8(truncatingIfNeeded: code % 100) }

    /// 300 Try Alternate (RFC 8489 §15).
    public static let tryAlternate = STUNErrorCode(code: 300, reason: "Try Alternate")
    /// 400 Bad Request: malformed, or missing a required attribute.
    public static let badRequest = STUNErrorCode(code: 400, reason: "Bad Request")
    /// 401 Unauthenticated: missing or wrong credentials.
    public static let unauthenticated = STUNErrorCode(code: 401, reason: "Unauthenticated")
    /// 420 Unknown Attribute: send with UNKNOWN-ATTRIBUTES.
    public static let unknownAttribute = STUNErrorCode(code: 420, reason: "Unknown Attribute")
    /// 438 Stale Nonce.
    public static let staleNonce = STUNErrorCode(code: 438, reason: "Stale Nonce")
    /// 487 Role Conflict (RFC 8445 §7.3.1.1).
    public static let roleConflict = STUNErrorCode(code: 487, reason: "Role Conflict")
    /// 500 Server Error.
    public static let serverError = STUNErrorCode(code: 500, reason: "Server Error")
}
