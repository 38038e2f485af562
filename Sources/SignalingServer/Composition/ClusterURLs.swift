/// The URLs of another node, from its advertised http(s) base URL.
enum ClusterURLs {
    /// `http://b:8080` → `ws://b:8080/rtc` (https → wss).
    static func signaling(base: String) -> String {
        var url = trimmed(base)
        if url.hasPrefix("https://") {
            url = "wss://" + url.dropFirst("https://".count)
        } else if url.hasPrefix("http://") {
            url = "ws://" + url.dropFirst("http://".count)
        }
        return url + "/rtc"
    }

    /// The same WHIP or WHEP request on the home node, query kept.
    static func media(base: String, path: String, query: String) -> String {
        trimmed(base) + path + (query.isEmpty ? "" : "?" + query)
    }

    private static func trimmed(_ base: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}
