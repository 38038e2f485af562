import MediaNegotiation
import SDP

/// A hand-built subscribing client with fixed credentials: the shared
/// `SubscribeAnswerBuilder` answers the server's offer as a browser does.
public struct SubscribeClient {
    public var ufrag = "cliU"
    public var password = "clientpassword0123456789"
    public var fingerprint = Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))
    public var setup = SetupRole.active
    /// Drops the RTX formats from the answer.
    public var dropRTX = false

    public init() {}

    public func answer(_ offer: SessionDescription) -> SessionDescription {
        SubscribeAnswerBuilder(ufrag: ufrag, password: password, fingerprint: fingerprint, setup: setup, dropRTX: dropRTX)
            .answer(offer, sessionID: 99)
    }
}
