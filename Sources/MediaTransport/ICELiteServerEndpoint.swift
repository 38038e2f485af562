import DTLS
import ICELite
import MediaNegotiation
import NIOCore
import SDP

/// What a client-role peer needs from an ICE-lite server's SDP to connect
/// to it (a bot toward the server, a relay toward a far node): the server's
/// ICE credentials, DTLS fingerprint and host candidate (ICE-lite writes its
/// candidate in every SDP), and the DTLS role left to the client.
public struct ICELiteServerEndpoint: Sendable {
    /// Why an SDP gives nothing to connect to.
    public struct Unusable: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public var credentials: ICECredentials
    public var fingerprint: DTLSFingerprint
    public var address: SocketAddress
    public var host: String
    /// The client's DTLS role: a server that is the DTLS client
    /// (`a=setup:active`, as Janus answers) makes the peer the server.
    public var localDTLSRole: DTLSRole

    public init(from description: SessionDescription) throws(Unusable) {
        guard let media = description.media.first(where: { !$0.isRejected }) else {
            throw Unusable(description: "no accepted m-line")
        }
        do {
            let remote = try RemoteTransportParameters(of: media, in: description, mid: media.mid ?? "")
            credentials = try ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword)
            fingerprint = try DTLSFingerprint(hashFunction: remote.fingerprint.hashFunction, hex: remote.fingerprint.hexText)
            localDTLSRole = remote.setupRole == .active ? .server : .client
        } catch {
            throw Unusable(description: "\(error)")
        }
        guard let candidate = (media.candidates + description.media.flatMap(\.candidates)).first(where: {
            $0.transport.lowercased() == "udp"
        }) else { throw Unusable(description: "no UDP candidate") }
        do {
            address = try SocketAddress(ipAddress: candidate.address, port: Int(candidate.port))
        } catch {
            throw Unusable(description: "candidate address \(candidate.address): \(error)")
        }
        host = candidate.address
    }
}
