/// The outcome of a completed DTLS-SRTP handshake: the negotiated profile and
/// the exported keying material the SRTP contexts are keyed from.
public struct DTLSConnectedInfo: Sendable, Hashable {
    /// This endpoint's role, which says which half of the material is local.
    public var role: DTLSRole
    /// The profile the server selected (RFC 5764 §4.1.3).
    public var srtpProfile: DTLSSRTPProfile
    /// `EXTRACTOR-dtls_srtp` output (RFC 5764 §4.2): client key | server key
    /// | client salt | server salt; identical on both ends.
    public var keyingMaterial: [UInt8]
    /// The peer certificate's fingerprint (it matched the expected one).
    public var remoteFingerprint: DTLSFingerprint

    public init(role: DTLSRole, srtpProfile: DTLSSRTPProfile, keyingMaterial: [UInt8], remoteFingerprint: DTLSFingerprint) {
        self.role = role
        self.srtpProfile = srtpProfile
        self.keyingMaterial = keyingMaterial
        self.remoteFingerprint = remoteFingerprint
    }

    /// The master key this side protects (encrypts) with.
    public var localMasterKey: [UInt8] { role == .client ? part(0) : part(1) }
    /// The master salt this side protects with.
    public var localMasterSalt: [UInt8] { role == .client ? part(2) : part(3) }
    /// The master key the peer protects with (this side unprotects with).
    public var remoteMasterKey: [UInt8] { role == .client ? part(1) : part(0) }
    /// The master salt the peer protects with.
    public var remoteMasterSalt: [UInt8] { role == .client ? part(3) : part(2) }

    /// Part 0...3 of the RFC 5764 §4.2 layout; empty if the profile's lengths
    /// are unknown or the material is short.
    private func part(_ index: Int) -> [UInt8] {
        guard let key = srtpProfile.masterKeyLength, let salt = srtpProfile.masterSaltLength else { return [] }
        let start = index < 2 ? index * key : 2 * key + (index - 2) * salt
        let length = index < 2 ? key : salt
        guard start + length <= keyingMaterial.count else { return [] }
        return Array(keyingMaterial[start..<start + length])
    }
}
