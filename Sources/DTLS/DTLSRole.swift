/// Which end of the DTLS handshake an endpoint plays. In WebRTC the answerer
/// picks it through `a=setup` (RFC 5763 §5): `passive` is the server,
/// `active` the client.
public enum DTLSRole: Sendable, Hashable {
    /// Sends the ClientHello (`a=setup:active`).
    case client
    /// Waits for the ClientHello (`a=setup:passive`).
    case server
}
