/// The TLS policy shared by every endpoint of a `DTLSContext`: identity,
/// cipher suites, key-exchange groups and the SRTP profiles to offer.
public struct DTLSConfiguration: Sendable {
    /// The local certificate and key presented to every peer.
    public var certificate: DTLSCertificate
    /// SRTP profiles in order of preference; a server picks its most
    /// preferred one the client offers (RFC 5764 §4.1.1). GCM first: it is
    /// about five times cheaper than AES-CM + HMAC here (interop-notes.md).
    public var srtpProfiles: [DTLSSRTPProfile]
    /// An OpenSSL cipher list. The defaults are the ECDHE AEAD suites browsers
    /// offer; the RSA ones only matter in the client role, toward a server
    /// with an RSA certificate.
    public var cipherList: String
    /// Key-exchange groups (`SSL_CTX_set1_groups_list`).
    public var groups: String

    public static let defaultSRTPProfiles: [DTLSSRTPProfile] = [.aeadAES128GCM, .aes128CMHMACSHA1_80]
    public static let defaultCipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    public static let defaultGroups = "X25519:P-256"

    public init(
        certificate: DTLSCertificate,
        srtpProfiles: [DTLSSRTPProfile] = DTLSConfiguration.defaultSRTPProfiles,
        cipherList: String = DTLSConfiguration.defaultCipherList,
        groups: String = DTLSConfiguration.defaultGroups
    ) {
        self.certificate = certificate
        self.srtpProfiles = srtpProfiles
        self.cipherList = cipherList
        self.groups = groups
    }
}
