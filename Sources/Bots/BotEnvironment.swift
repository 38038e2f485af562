import DTLS
import Logging
import NIOCore
import SDP

/// What every bot of a run shares: the event loops, the DTLS client
/// certificate, the encoded clips and the send logs.
struct BotEnvironment: Sendable {
    let group: any EventLoopGroup
    let dtlsContext: DTLSContext
    let sdpFingerprint: Fingerprint
    let library: MediaLibrary
    let sendLogs: SendLogRegistry
    let logger: Logger

    init(
        group: any EventLoopGroup, library: MediaLibrary, logger: Logger,
        srtpProfiles: [DTLSSRTPProfile] = DTLSConfiguration.defaultSRTPProfiles
    ) throws {
        let certificate = try DTLSCertificate.generate(commonName: "switchboard-bot")
        self.group = group
        dtlsContext = try DTLSContext(configuration: DTLSConfiguration(certificate: certificate, srtpProfiles: srtpProfiles))
        sdpFingerprint = Fingerprint(hashFunction: "sha-256", bytes: certificate.fingerprint.bytes)
        self.library = library
        sendLogs = SendLogRegistry()
        self.logger = logger
    }
}

extension BotEnvironment {
    /// The profiles `switchboard loadtest --srtp-profile` knows, by name.
    static let srtpProfileNames: [String: DTLSSRTPProfile] = [
        "aes128gcm": .aeadAES128GCM, "aes256gcm": .aeadAES256GCM, "aes128cm": .aes128CMHMACSHA1_80,
    ]

    /// What the bots offer: the named profiles, or by default what
    /// Switchboard's server offers, plus AES-256-GCM toward Janus (which
    /// prefers it as DTLS server, RFC 5764 §4.1.1 lets the server choose).
    static func srtpProfiles(named names: [String]?, target: LoadTestTarget) throws(LoadTestError) -> [DTLSSRTPProfile] {
        guard let names else {
            switch target {
            case .switchboard: return DTLSConfiguration.defaultSRTPProfiles
            case .janus: return DTLSConfiguration.defaultSRTPProfiles + [.aeadAES256GCM]
            }
        }
        var profiles: [DTLSSRTPProfile] = []
        for name in names {
            guard let profile = srtpProfileNames[name.lowercased()] else {
                throw .invalidOptions("unknown SRTP profile \(name) (known: aes128gcm, aes256gcm, aes128cm)")
            }
            profiles.append(profile)
        }
        guard !profiles.isEmpty else { throw .invalidOptions("no SRTP profile") }
        return profiles
    }
}
