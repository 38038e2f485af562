import DTLS
import ICELite
import MediaNegotiation
import NIOCore
import SDP

/// What a relay needs from the far node's subscribe offer to connect to
/// it: its ICE credentials, DTLS fingerprint and host candidate (the far
/// node is ICE-lite and writes its candidate in every offer).
struct RelayTransportInfo {
    var credentials: ICECredentials
    var fingerprint: DTLSFingerprint
    var address: SocketAddress
    /// The relay's DTLS role: the far node's `actpass` leaves it the client.
    var localDTLSRole: DTLSRole

    init(from description: SessionDescription) throws(RelayError) {
        guard let media = description.media.first(where: { !$0.isRejected }) else {
            throw .badFarSDP("no accepted m-line")
        }
        do {
            let remote = try RemoteTransportParameters(of: media, in: description, mid: media.mid ?? "")
            credentials = try ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword)
            fingerprint = try DTLSFingerprint(hashFunction: remote.fingerprint.hashFunction, hex: remote.fingerprint.hexText)
            localDTLSRole = remote.setupRole == .active ? .server : .client
        } catch {
            throw .badFarSDP("\(error)")
        }
        guard let candidate = (media.candidates + description.media.flatMap(\.candidates)).first(where: {
            $0.transport.lowercased() == "udp"
        }) else { throw .badFarSDP("no UDP candidate") }
        do {
            address = try SocketAddress(ipAddress: candidate.address, port: Int(candidate.port))
        } catch {
            throw .badFarSDP("candidate address \(candidate.address): \(error)")
        }
    }
}
