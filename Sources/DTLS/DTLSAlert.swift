import COpenSSL

/// A TLS alert as it travels in an alert record (RFC 5246 §7.2): a level and
/// a description code.
public struct DTLSAlert: Sendable, Hashable, CustomStringConvertible {
    /// 1 = warning, 2 = fatal.
    public var level: UInt8
    /// The AlertDescription code (RFC 5246 §7.2, RFC 8446 §6).
    public var code: UInt8

    public init(level: UInt8, code: UInt8) {
        self.level = level
        self.code = code
    }

    /// Whether the alert ends the connection (RFC 5246 §7.2.2).
    public var isFatal: Bool { level == 2 }

    public static let closeNotify = DTLSAlert(level: 1, code: 0)
    public static let handshakeFailure = DTLSAlert(level: 2, code: 40)
    public static let badCertificate = DTLSAlert(level: 2, code: 42)

    /// OpenSSL's long name for the description, e.g. "bad certificate".
    public var name: String {
        guard let text = SSL_alert_desc_string_long(Int32(level) << 8 | Int32(code)) else { return "unknown" }
        return String(cString: text)
    }

    public var description: String { (isFatal ? "fatal " : "warning ") + name + " (\(code))" }
}
