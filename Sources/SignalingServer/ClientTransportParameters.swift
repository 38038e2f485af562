import DTLS
import ICELite
import SDP

/// The client's ICE credentials and DTLS fingerprint, read from its offer or
/// answer (session level first, then the first m-line: browsers put them
/// on every m-line, identical under BUNDLE).
struct ClientTransportParameters {
    var credentials: ICECredentials
    var fingerprint: DTLSFingerprint

    enum Failure: Error, CustomStringConvertible {
        case missingCredentials
        case badCredentials(ICEError)
        case missingFingerprint
        case badFingerprint(String)

        var description: String {
            switch self {
            case .missingCredentials: "no a=ice-ufrag / a=ice-pwd"
            case .badCredentials(let error): "bad ICE credentials: \(error)"
            case .missingFingerprint: "no a=fingerprint"
            case .badFingerprint(let reason): "bad fingerprint: \(reason)"
            }
        }
    }

    init(from description: SessionDescription) throws(Failure) {
        let firstMedia = description.media.first { !$0.isRejected } ?? description.media.first
        guard let ufrag = description.iceUfrag ?? firstMedia?.iceUfrag,
            let password = description.icePwd ?? firstMedia?.icePwd
        else { throw .missingCredentials }
        do {
            credentials = try ICECredentials(ufrag: ufrag, password: password)
        } catch {
            throw .badCredentials(error)
        }
        let fingerprints = description.fingerprints + (firstMedia?.fingerprints ?? [])
        // Prefer SHA-256, which every browser sends.
        guard let chosen = fingerprints.first(where: { $0.hashFunction.lowercased() == "sha-256" }) ?? fingerprints.first
        else { throw .missingFingerprint }
        do {
            fingerprint = try DTLSFingerprint(hashFunction: chosen.hashFunction, hex: chosen.hexText)
        } catch {
            throw .badFingerprint("\(error)")
        }
    }
}
