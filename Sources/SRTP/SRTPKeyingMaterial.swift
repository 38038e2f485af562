/// The DTLS-SRTP exporter output (label "EXTRACTOR-dtls_srtp") split into
/// this endpoint's outbound (local) and inbound (remote) master keys.
///
/// RFC 5764 section 4.2 lays the material out as client write key | server
/// write key | client write salt | server write salt; the DTLS client sends
/// with the client key, the server with the server key.
public struct SRTPKeyingMaterial: Sendable, Hashable {
    /// This endpoint's role in the DTLS handshake.
    public enum Role: Sendable, Hashable {
        /// The DTLS client (sent the ClientHello; `a=setup:active`).
        case client
        /// The DTLS server (`a=setup:passive`).
        case server
    }

    /// The negotiated protection profile.
    public var profile: SRTPProfile
    /// Key and salt for what this endpoint sends (protect).
    public var local: SRTPMasterKey
    /// Key and salt for what this endpoint receives (unprotect).
    public var remote: SRTPMasterKey

    /// Splits exported keying material of exactly
    /// `profile.keyingMaterialLength` bytes for `role`.
    public init<Bytes: Collection<UInt8>>(
        exported material: Bytes, profile: SRTPProfile, role: Role
    ) throws(SRTPError) {
        let bytes = Array(material)
        guard bytes.count == profile.keyingMaterialLength else {
            throw .badKeyingMaterialLength(expected: profile.keyingMaterialLength, actual: bytes.count)
        }
        let keyLength = profile.masterKeyLength
        let saltLength = profile.masterSaltLength
        let clientKey = Array(bytes[0..<keyLength])
        let serverKey = Array(bytes[keyLength..<(2 * keyLength)])
        let clientSalt = Array(bytes[(2 * keyLength)..<(2 * keyLength + saltLength)])
        let serverSalt = Array(bytes[(2 * keyLength + saltLength)..<(2 * keyLength + 2 * saltLength)])
        let client = try SRTPMasterKey(key: clientKey, salt: clientSalt, profile: profile)
        let server = try SRTPMasterKey(key: serverKey, salt: serverSalt, profile: profile)
        self.profile = profile
        switch role {
        case .client:
            self.local = client
            self.remote = server
        case .server:
            self.local = server
            self.remote = client
        }
    }

    /// Keying material from keys already split (e.g. for tests or SDES).
    public init(profile: SRTPProfile, local: SRTPMasterKey, remote: SRTPMasterKey) {
        self.profile = profile
        self.local = local
        self.remote = remote
    }
}

extension SRTPKeyingMaterial: CustomStringConvertible {
    /// Never prints the secrets.
    public var description: String { "SRTPKeyingMaterial(\(profile))" }
}
