import CSRTP

/// An SRTP protection profile negotiated through the DTLS `use_srtp`
/// extension (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
public enum SRTPProfile: UInt16, Sendable, Hashable, CaseIterable {
    /// SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode, 80-bit HMAC-SHA1 tag.
    case aes128CMHMACSHA1_80 = 0x0001
    /// SRTP_AES128_CM_HMAC_SHA1_32: as above with a 32-bit RTP tag (SRTCP
    /// keeps the 80-bit tag, RFC 5764 section 4.1.2).
    case aes128CMHMACSHA1_32 = 0x0002
    /// SRTP_AEAD_AES_128_GCM: AES-GCM with a 16-byte tag (RFC 7714). The
    /// cheapest profile on this machine; prefer it when negotiating.
    case aeadAES128GCM = 0x0007
    /// SRTP_AEAD_AES_256_GCM: the same with a 32-byte key (RFC 7714); what
    /// Janus prefers when it is the DTLS server.
    case aeadAES256GCM = 0x0008

    /// The profile for a `use_srtp` protection profile identifier, or nil
    /// when the project does not support it.
    public init?(useSRTPIdentifier: UInt16) {
        self.init(rawValue: useSRTPIdentifier)
    }

    /// The two-byte identifier in the DTLS `use_srtp` extension.
    public var useSRTPIdentifier: UInt16 { rawValue }

    /// The name OpenSSL uses in `SSL_CTX_set_tlsext_use_srtp` and reports
    /// from `SSL_get_selected_srtp_profile`.
    public var openSSLName: String {
        switch self {
        case .aes128CMHMACSHA1_80: "SRTP_AES128_CM_SHA1_80"
        case .aes128CMHMACSHA1_32: "SRTP_AES128_CM_SHA1_32"
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        case .aeadAES256GCM: "SRTP_AEAD_AES_256_GCM"
        }
    }

    /// Length of one master key in bytes.
    public var masterKeyLength: Int {
        switch self {
        case .aes128CMHMACSHA1_80, .aes128CMHMACSHA1_32, .aeadAES128GCM: 16
        case .aeadAES256GCM: 32
        }
    }

    /// Length of one master salt in bytes: 14 for AES-CM (RFC 3711 section
    /// 8.2), 12 for AES-GCM (RFC 7714 section 12).
    public var masterSaltLength: Int {
        switch self {
        case .aes128CMHMACSHA1_80, .aes128CMHMACSHA1_32: 14
        case .aeadAES128GCM, .aeadAES256GCM: 12
        }
    }

    /// Length of the keying material to export from DTLS: two keys and two
    /// salts (RFC 5764 section 4.2).
    public var keyingMaterialLength: Int { 2 * (masterKeyLength + masterSaltLength) }

    /// Bytes `protect(rtp:)` appends to an RTP packet: the authentication
    /// tag (no MKI is used).
    public var rtpOverhead: Int {
        switch self {
        case .aes128CMHMACSHA1_80: 10
        case .aes128CMHMACSHA1_32: 4
        case .aeadAES128GCM, .aeadAES256GCM: 16
        }
    }

    /// Bytes `protectRTCP(_:)` appends to an RTCP packet: the 4-byte E flag
    /// and SRTCP index plus the tag (RFC 3711 section 3.4, RFC 7714 section
    /// 17). SRTCP always uses an 80-bit tag with AES-CM.
    public var rtcpOverhead: Int {
        switch self {
        case .aes128CMHMACSHA1_80, .aes128CMHMACSHA1_32: 4 + 10
        case .aeadAES128GCM, .aeadAES256GCM: 4 + 16
        }
    }

    /// The libsrtp2 profile constant.
    var libsrtpProfile: srtp_profile_t {
        switch self {
        case .aes128CMHMACSHA1_80: srtp_profile_aes128_cm_sha1_80
        case .aes128CMHMACSHA1_32: srtp_profile_aes128_cm_sha1_32
        case .aeadAES128GCM: srtp_profile_aead_aes_128_gcm
        case .aeadAES256GCM: srtp_profile_aead_aes_256_gcm
        }
    }
}
