import HTTPTypes

/// Which web pages may open the signaling WebSocket. A browser sends
/// `Origin` with every WebSocket handshake; a page of another site must
/// not drive a visitor's browser into a room (cross-site WebSocket
/// hijacking). Clients that are not browsers (no `Origin`, or one that is
/// not a web origin) pass.
/// Allowed: the server's own origin (the demo page), and those listed in
/// `http.allowed_origins` (`*` allows every origin).
struct OriginPolicy: Sendable {
    let allowed: Set<String>

    init(allowedOrigins: [String]) {
        allowed = Set(allowedOrigins.map { $0.lowercased() })
    }

    func allows(_ request: HTTPRequest) -> Bool {
        guard let origin = request.headerFields[.origin]?.lowercased() else { return true }
        // Browsers send a web origin (http or https, RFC 6454) that a page
        // cannot forge; other clients may send anything (`ws://host` from
        // some WebSocket libraries), and only pages are the concern here.
        guard origin.hasPrefix("http://") || origin.hasPrefix("https://") else { return true }
        if allowed.contains("*") || allowed.contains(origin) { return true }
        // Same origin: scheme aside, the host (and port) the request was sent to.
        guard let authority = request.authority?.lowercased() else { return false }
        return origin == "http://" + authority || origin == "https://" + authority
    }
}
