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

    init(group: any EventLoopGroup, library: MediaLibrary, logger: Logger) throws {
        let certificate = try DTLSCertificate.generate(commonName: "switchboard-bot")
        self.group = group
        dtlsContext = try DTLSContext(configuration: DTLSConfiguration(certificate: certificate))
        sdpFingerprint = Fingerprint(hashFunction: "sha-256", bytes: certificate.fingerprint.bytes)
        self.library = library
        sendLogs = SendLogRegistry()
        self.logger = logger
    }
}
