import Foundation
import SignalingMessages
import TURN

/// The ICE servers each participant is told about (`joined.iceServers`,
/// WHIP/WHEP `Link` headers): the STUN URL, and the TURN URLs with
/// credentials minted for that participant from the shared secret
/// (coturn's use-auth-secret style, `TURNCredentials`).
struct ICEServerDirectory: Sendable {
    var stunURL: String?
    var turnURLs: [String] = []
    var secret: [UInt8] = []
    var credentialTTLSeconds: Int64 = 0

    init(configuration: ServerConfiguration, turnSecret: [UInt8]) {
        let stunPort = configuration.stun.port
        guard stunPort > 0 else { return }
        let host = Self.urlHost(configuration.announcedAddress)
        stunURL = "stun:\(host):\(stunPort)"
        let turn = configuration.turn
        guard turn.enabled, !turnSecret.isEmpty else { return }
        turnURLs = ["turn:\(host):\(stunPort)?transport=udp"]
        if turn.tcpPort > 0 { turnURLs.append("turn:\(host):\(turn.tcpPort)?transport=tcp") }
        if turn.tlsPort > 0 { turnURLs.append("turns:\(host):\(turn.tlsPort)?transport=tcp") }
        secret = turnSecret
        credentialTTLSeconds = Int64(turn.credentialTTLSeconds)
    }

    /// RTCIceServer entries for `participant`: STUN, then TURN with its credentials.
    func servers(for participant: String, unixTime: Int64 = Int64(Date().timeIntervalSince1970)) -> [ICEServer] {
        var servers: [ICEServer] = []
        if let stunURL { servers.append(ICEServer(urls: [stunURL])) }
        if !turnURLs.isEmpty {
            let credentials = TURNCredentials.make(
                participant: participant, secret: secret, unixTime: unixTime, validFor: credentialTTLSeconds)
            servers.append(ICEServer(urls: turnURLs, username: credentials.username, credential: credentials.password))
        }
        return servers
    }

    /// An IPv6 literal goes in brackets in a URL (RFC 7064 §3.1, RFC 7065 §3.1).
    static func urlHost(_ address: String) -> String {
        address.contains(":") && !address.hasPrefix("[") ? "[\(address)]" : address
    }
}
