import DTLS
import NIOSSL

/// What a node in cascade placement keeps besides the cluster itself.
struct CascadeParts: Sendable {
    let tokens: RelayTokens
    /// For the relays' own sockets (client-role peers, same certificate).
    let dtlsContext: DTLSContext
    let director: RelayDirector
    /// For relays to nodes advertised at `https://` (wss): the system's
    /// trust roots, or `cluster.relay_ca_file`'s.
    let relayTLS: TLSConfiguration

    /// The relays' TLS client configuration; a CA file that cannot be read
    /// is a startup error.
    static func relayTLS(caFile: String) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        guard !caFile.isEmpty else { return tls }
        do {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        } catch {
            throw ConfigurationError(description: "cluster.relay_ca_file \(caFile): \(error)")
        }
        return tls
    }
}
