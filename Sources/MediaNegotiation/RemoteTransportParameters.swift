import SDP

/// The peer's ICE credentials, DTLS fingerprint and DTLS role, read from its
/// offer or answer: what the transport needs to check the peer's STUN
/// requests and certificate.
public struct RemoteTransportParameters: Sendable, Hashable {
    public var iceUfrag: String
    public var icePassword: String
    /// The fingerprint the peer's certificate must match: its `sha-256` one
    /// when it wrote several (aiortc writes sha-256, -384 and -512).
    public var fingerprint: Fingerprint
    /// The peer's `a=setup`; RFC 4145 §4: `active` when absent.
    public var setupRole: SetupRole

    public init(iceUfrag: String, icePassword: String, fingerprint: Fingerprint, setupRole: SetupRole) {
        self.iceUfrag = iceUfrag
        self.icePassword = icePassword
        self.fingerprint = fingerprint
        self.setupRole = setupRole
    }

    /// Reads the parameters that apply to `media`: its own attributes, else
    /// the session-level ones (RFC 8839 §5.4, RFC 8122 §5).
    public init(
        of media: MediaDescription, in description: SessionDescription, mid: String
    ) throws(NegotiationError) {
        guard let ufrag = media.iceUfrag ?? description.iceUfrag, let password = media.icePwd ?? description.icePwd,
            !ufrag.isEmpty, !password.isEmpty
        else { throw .missingICECredentials(mid: mid) }
        let fingerprints = description.fingerprints(of: media)
        guard let fingerprint = fingerprints.first(where: { $0.hashFunction.lowercased() == "sha-256" }) ?? fingerprints.first
        else { throw .missingFingerprint(mid: mid) }
        self.init(
            iceUfrag: ufrag, icePassword: password, fingerprint: fingerprint,
            setupRole: media.setupRole ?? description.setupRole ?? .active)
    }

    /// The server's DTLS role against this peer once negotiated: the
    /// opposite of the peer's (RFC 5763 §5). Nil while the peer still says
    /// `actpass` or `holdconn`.
    public var localSetupRole: SetupRole? {
        switch setupRole {
        case .active: .passive
        case .passive: .active
        case .actpass, .holdconn: nil
        }
    }
}
