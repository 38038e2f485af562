import CSRTP

/// Known answers the OpenSSL AES-GCM types must reproduce before libsrtp2
/// takes them: Test Cases 4 and 16 of McGrew and Viega's GCM specification
/// (AES-128 and AES-256, 60 bytes of plaintext, 20 of AAD, 16-byte tag).
/// libsrtp2 also runs its own vectors of the type being replaced. Built
/// once and kept for the life of the process, as the crypto kernel keeps
/// pointers to them.
enum GCMKnownAnswers {
    nonisolated(unsafe) static let aes128 = testCase(key: "feffe9928665731c6d6a8f9467308308", ciphertextAndTag: """
        42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
        21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091\
        5bc94fbc3221a5db94fae95ae7121a47
        """)
    nonisolated(unsafe) static let aes256 = testCase(key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", ciphertextAndTag: """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
        8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662\
        76fc6ece0f4e1768cddf8853bb2d551b
        """)

    private static let iv = "cafebabefacedbaddecaf888"
    private static let plaintext = """
        d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
        1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
        """
    private static let aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2"

    /// libsrtp2 allocates the cipher with the key length that counts the
    /// salt, so the key is followed by 12 unused bytes.
    private static func testCase(key: String, ciphertextAndTag: String) -> UnsafePointer<srtp_cipher_test_case_t> {
        let keyBytes = bytes(key) + [UInt8](repeating: 0, count: 12)
        let plain = bytes(plaintext)
        let cipher = bytes(ciphertextAndTag)
        let additional = bytes(aad)
        let testCase = UnsafeMutablePointer<srtp_cipher_test_case_t>.allocate(capacity: 1)
        testCase.initialize(
            to: srtp_cipher_test_case_t(
                key_length_octets: Int32(keyBytes.count), key: UnsafePointer(kept(keyBytes)),
                idx: kept(bytes(iv)),
                plaintext_length_octets: UInt32(plain.count), plaintext: UnsafePointer(kept(plain)),
                ciphertext_length_octets: UInt32(cipher.count), ciphertext: UnsafePointer(kept(cipher)),
                aad_length_octets: Int32(additional.count), aad: UnsafePointer(kept(additional)),
                tag_length_octets: 16, next_test_case: nil))
        return UnsafePointer(testCase)
    }

    private static func kept(_ bytes: [UInt8]) -> UnsafeMutablePointer<UInt8> {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return pointer
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }
}
