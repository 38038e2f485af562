import DTLS
import ICELite
import MediaNegotiation
import NIOCore
import SDP

/// What a bot needs from the server's SDP to connect: its ICE
/// credentials, DTLS fingerprint, DTLS role and host candidate (the server
/// is ICE-lite and puts its candidate in every SDP it sends).
struct ServerTransportInfo {
    var credentials: ICECredentials
    var fingerprint: DTLSFingerprint
    var address: SocketAddress
    var host: String
    /// The bot's DTLS role: the server client (`a=setup:active`, as Janus
    /// answers) makes the bot the server; otherwise the bot is the client.
    var localDTLSRole: DTLSRole

    init(from description: SessionDescription) throws(BotError) {
        guard let media = description.media.first(where: { !$0.isRejected }) else {
            throw .badServerSDP("no accepted m-line")
        }
        do {
            let remote = try RemoteTransportParameters(of: media, in: description, mid: media.mid ?? "")
            credentials = try ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword)
            fingerprint = try DTLSFingerprint(hashFunction: remote.fingerprint.hashFunction, hex: remote.fingerprint.hexText)
            localDTLSRole = remote.setupRole == .active ? .server : .client
        } catch {
            throw .badServerSDP("\(error)")
        }
        guard let candidate = (media.candidates + description.media.flatMap(\.candidates)).first(where: {
            $0.transport.lowercased() == "udp"
        }) else { throw .badServerSDP("no UDP candidate") }
        do {
            address = try SocketAddress(ipAddress: candidate.address, port: Int(candidate.port))
        } catch {
            throw .badServerSDP("candidate address \(candidate.address): \(error)")
        }
        host = candidate.address
    }
}
