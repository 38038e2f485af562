import Foundation
import HTTPTypes
import SignalingMessages

/// The headers WHIP and WHEP answers carry (RFC 9725 §4.2, §4.4, §4.6).
enum HTTPMediaHeaders {
    static let link = HTTPField.Name("Link")!
    static let accessControlMaxAge = HTTPField.Name("Access-Control-Max-Age")!

    /// Any page may call the endpoints: they take no cookies, and the join
    /// token in `Authorization` is what grants a session. The resource
    /// headers are exposed so a page can PATCH and DELETE.
    static var crossOrigin: HTTPFields {
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlExposeHeaders] = "Location, ETag, Link"
        return headers
    }

    /// A preflight's answer.
    static var preflight: HTTPFields {
        var headers = crossOrigin
        headers[.accessControlAllowMethods] = "POST, PATCH, DELETE, OPTIONS"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type, If-Match"
        headers[accessControlMaxAge] = "86400"
        return headers
    }

    /// `201 Created`'s: where the session is, its ETag, and the ICE servers
    /// to use, one `Link` per URL (RFC 9725 §4.6): `<stun:host:port>;
    /// rel="ice-server"`, TURN URLs with `username`, `credential` and
    /// `credential-type="password"`.
    static func resource(_ session: HTTPMediaSession, iceServers: [ICEServer]) -> HTTPFields {
        var headers = crossOrigin
        headers[.location] = session.path
        headers[.eTag] = session.etag
        for server in iceServers {
            for url in server.urls {
                var value = "<\(url)>; rel=\"ice-server\""
                if let username = server.username, let credential = server.credential {
                    value += "; username=\(quoted(username)); credential=\(quoted(credential))"
                    value += "; credential-type=\"password\""
                }
                headers.append(HTTPField(name: link, value: value))
            }
        }
        return headers
    }

    /// An RFC 8288 quoted-string.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
