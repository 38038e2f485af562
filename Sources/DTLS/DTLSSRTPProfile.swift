/// A DTLS-SRTP protection profile (RFC 5764 §4.1.2, RFC 7714 §14.2), by its
/// IANA code, with the key and salt lengths its keying material splits into.
public struct DTLSSRTPProfile: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2).
    public static let aes128CMHMACSHA1_80 = DTLSSRTPProfile(rawValue: 0x0001)
    /// SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764 §4.1.2).
    public static let aes128CMHMACSHA1_32 = DTLSSRTPProfile(rawValue: 0x0002)
    /// SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2).
    public static let aeadAES128GCM = DTLSSRTPProfile(rawValue: 0x0007)
    /// SRTP_AEAD_AES_256_GCM (RFC 7714 §14.2).
    public static let aeadAES256GCM = DTLSSRTPProfile(rawValue: 0x0008)

    /// The name `SSL_CTX_set_tlsext_use_srtp` knows it by; nil if OpenSSL has none.
    public var openSSLName: String? {
        switch self {
        case .aes128CMHMACSHA1_80: "SRTP_AES128_CM_SHA1_80"
        case .aes128CMHMACSHA1_32: "SRTP_AES128_CM_SHA1_32"
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        case .aeadAES256GCM: "SRTP_AEAD_AES_256_GCM"
        default: nil
        }
    }

    /// The SRTP master key length in bytes; nil for an unknown profile.
    public var masterKeyLength: Int? {
        switch self {
        case .aes128CMHMACSHA1_80, .aes128CMHMACSHA1_32, .aeadAES128GCM: 16
        case .aeadAES256GCM: 32
        default: nil
        }
    }

    /// The SRTP master salt length in bytes (14 for AES-CM, RFC 3711 §8.2;
    /// 12 for AEAD, RFC 7714 §12); nil for an unknown profile.
    public var masterSaltLength: Int? {
        switch self {
        case .aes128CMHMACSHA1_80, .aes128CMHMACSHA1_32: 14
        case .aeadAES128GCM, .aeadAES256GCM: 12
        default: nil
        }
    }

    /// Bytes to export: a key and a salt for each direction (RFC 5764 §4.2).
    public var keyingMaterialLength: Int? {
        guard let key = masterKeyLength, let salt = masterSaltLength else { return nil }
        return 2 * (key + salt)
    }

    public var description: String { openSSLName ?? "SRTP profile \(rawValue)" }
}
