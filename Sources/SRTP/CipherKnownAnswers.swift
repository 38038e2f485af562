import CSRTP
import Glibc

/// Known answers the OpenSSL cipher and MAC types must reproduce before
/// libsrtp2 takes them (libsrtp2 also runs its own vectors of the type
/// being replaced). Built once and kept for the life of the process: the
/// crypto kernel keeps pointers to them.
enum CipherKnownAnswers {
    // AES-GCM: Test Cases 4 and 16 of McGrew and Viega's GCM specification
    // (60 bytes of plaintext, 20 of AAD, 16-byte tag).
    nonisolated(unsafe) static let gcm128 = gcm(key: "feffe9928665731c6d6a8f9467308308", ciphertextAndTag: """
        42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
        21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091\
        5bc94fbc3221a5db94fae95ae7121a47
        """)
    nonisolated(unsafe) static let gcm256 = gcm(
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", ciphertextAndTag: """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
        8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662\
        76fc6ece0f4e1768cddf8853bb2d551b
        """)

    // AES-CM: the keystreams of RFC 3711 appendix B.2 (AES-128) and RFC 6188
    // section 7.1 (AES-256), salt f0f1...fd, as the encryption of zeros.
    nonisolated(unsafe) static let icm128 = icm(key: "2b7e151628aed2a6abf7158809cf4f3c", keystream: """
        e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab\
        41e95b3bb0a2e8dd477901e4fca894c0
        """)
    nonisolated(unsafe) static let icm256 = icm(
        key: "57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98", keystream: """
        92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac\
        63c4868b7096d88421b563b8c94c9a31
        """)

    // HMAC-SHA1: RFC 2202 test case 2 ("Jefe").
    nonisolated(unsafe) static let hmacSHA1: UnsafePointer<srtp_auth_test_case_t> = {
        let key = Array("Jefe".utf8)
        let data = Array("what do ya want for nothing?".utf8)
        let tag = bytes("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        return kept(
            srtp_auth_test_case_t(
                key_length_octets: Int32(key.count), key: kept(key), data_length_octets: Int32(data.count),
                data: kept(data), tag_length_octets: Int32(tag.count), tag: kept(tag), next_test_case: nil))
    }()

    /// libsrtp2 allocates an AES-GCM cipher with the key length that counts
    /// the 12-byte salt, so the key is followed by 12 unused bytes.
    private static func gcm(key: String, ciphertextAndTag: String) -> UnsafePointer<srtp_cipher_test_case_t> {
        let plaintext = bytes("""
            d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
            1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
            """)
        return cipherCase(
            key: bytes(key) + [UInt8](repeating: 0, count: 12), iv: bytes("cafebabefacedbaddecaf888"),
            plaintext: plaintext, ciphertext: bytes(ciphertextAndTag),
            aad: bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2"), tagLength: 16)
    }

    /// An AES-CM key is followed by its 14-byte salt; a zero IV leaves the
    /// counter at the salt.
    private static func icm(key: String, keystream: String) -> UnsafePointer<srtp_cipher_test_case_t> {
        let stream = bytes(keystream)
        return cipherCase(
            key: bytes(key) + bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfd"), iv: [UInt8](repeating: 0, count: 16),
            plaintext: [UInt8](repeating: 0, count: stream.count), ciphertext: stream, aad: [], tagLength: 0)
    }

    private static func cipherCase(
        key: [UInt8], iv: [UInt8], plaintext: [UInt8], ciphertext: [UInt8], aad: [UInt8], tagLength: Int32
    ) -> UnsafePointer<srtp_cipher_test_case_t> {
        kept(
            srtp_cipher_test_case_t(
                key_length_octets: Int32(key.count), key: kept(key), idx: UnsafeMutablePointer(mutating: kept(iv)),
                plaintext_length_octets: UInt32(plaintext.count), plaintext: kept(plaintext),
                ciphertext_length_octets: UInt32(ciphertext.count), ciphertext: kept(ciphertext),
                aad_length_octets: Int32(aad.count), aad: aad.isEmpty ? nil : kept(aad),
                tag_length_octets: tagLength, next_test_case: nil))
    }

    static func kept<Value>(_ value: Value) -> UnsafePointer<Value> {
        let pointer = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        pointer.initialize(to: value)
        return UnsafePointer(pointer)
    }

    static func kept(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        pointer.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(pointer)
    }

    static func kept(_ text: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(text)!) }

    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }
}
