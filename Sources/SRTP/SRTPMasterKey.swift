/// One direction's SRTP master key and master salt (RFC 3711 section 8.2),
/// from which libsrtp2 derives the session keys.
public struct SRTPMasterKey: Sendable, Hashable {
    /// The master key (16 bytes for the AES-128 profiles).
    public let key: [UInt8]
    /// The master salt (14 bytes for AES-CM, 12 for AES-GCM).
    public let salt: [UInt8]

    /// A master key and salt, checked against the profile's lengths.
    public init(key: [UInt8], salt: [UInt8], profile: SRTPProfile) throws(SRTPError) {
        guard key.count == profile.masterKeyLength else {
            throw .badKeyingMaterialLength(expected: profile.masterKeyLength, actual: key.count)
        }
        guard salt.count == profile.masterSaltLength else {
            throw .badKeyingMaterialLength(expected: profile.masterSaltLength, actual: salt.count)
        }
        self.key = key
        self.salt = salt
    }

    /// Key then salt, the layout `srtp_policy_t.key` expects.
    var concatenated: [UInt8] { key + salt }
}

extension SRTPMasterKey: CustomStringConvertible {
    /// Never prints the secret: only the lengths.
    public var description: String { "SRTPMasterKey(key: \(key.count) bytes, salt: \(salt.count) bytes)" }
}
