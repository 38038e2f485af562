import DTLS

/// What a node in cascade placement keeps besides the cluster itself.
struct CascadeParts: Sendable {
    let tokens: RelayTokens
    /// For the relays' own sockets (client-role peers, same certificate).
    let dtlsContext: DTLSContext
    let director: RelayDirector
}
