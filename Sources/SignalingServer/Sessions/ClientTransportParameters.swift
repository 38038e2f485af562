import DTLS
import ICELite
import MediaNegotiation
import SDP

/// The client's ICE credentials and DTLS fingerprint from its offer or
/// answer, in the types the transport takes. The SDP is read by
/// `RemoteTransportParameters` (media level first, then session level,
/// sha-256 preferred), from the first m-line that is not rejected: under
/// BUNDLE every m-line carries the same values.
struct ClientTransportParameters {
    var credentials: ICECredentials
    var fingerprint: DTLSFingerprint
    /// The server's DTLS role (RFC 5763 §5): the client of a peer that said
    /// `setup:passive`, else the server (`active`, or `actpass` in an offer,
    /// which the publish answer meets with `passive`).
    var serverDTLSRole: DTLSRole

    enum Failure: Error, CustomStringConvertible {
        case noMedia
        case negotiation(NegotiationError)
        case badCredentials(ICEError)
        case badFingerprint(String)

        var description: String {
            switch self {
            case .noMedia: "no m-line"
            case .negotiation(let error): "\(error)"
            case .badCredentials(let error): "bad ICE credentials: \(error)"
            case .badFingerprint(let reason): "bad fingerprint: \(reason)"
            }
        }
    }

    init(from description: SessionDescription) throws(Failure) {
        guard let media = description.media.first(where: { !$0.isRejected }) ?? description.media.first else {
            throw .noMedia
        }
        let remote: RemoteTransportParameters
        do {
            remote = try RemoteTransportParameters(of: media, in: description, mid: media.mid ?? "")
        } catch {
            throw .negotiation(error)
        }
        serverDTLSRole = remote.setupRole == .passive ? .client : .server
        do {
            credentials = try ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword)
        } catch {
            throw .badCredentials(error)
        }
        do {
            fingerprint = try DTLSFingerprint(hashFunction: remote.fingerprint.hashFunction, hex: remote.fingerprint.hexText)
        } catch {
            throw .badFingerprint("\(error)")
        }
    }
}
