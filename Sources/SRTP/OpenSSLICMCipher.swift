import COpenSSL
import CSRTP

/// AES counter mode (SRTP's AES-CM, RFC 3711 section 4.1.1) for libsrtp2 on
/// OpenSSL's EVP, in place of the build's own: NSS makes a context for every
/// packet. libsrtp2 also derives every profile's session keys with this
/// cipher (RFC 3711 section 4.3).
///
/// libsrtp2's contract: the key is followed by a 14-byte salt; the counter
/// block of a packet is the salt (two zero bytes after it) XOR the IV that
/// `setIV` gives; encrypting and decrypting are the same keystream XOR.
enum OpenSSLICMCipher {
    struct State {
        var context: OpaquePointer
        var keyLength: Int32
        /// The salt, padded to a counter block.
        var offset: UnsafeMutablePointer<UInt8>
    }

    static func makeType(
        id: srtp_cipher_type_id_t, testData: UnsafePointer<srtp_cipher_test_case_t>
    ) -> UnsafeMutablePointer<srtp_cipher_type_t> {
        let description = id == srtp_cipher_type_id_t(SRTP_AES_ICM_128) ? description128 : description256
        return UnsafeMutablePointer(
            mutating: CipherKnownAnswers.kept(
                srtp_cipher_type_t(
                    alloc: allocate, dealloc: deallocate, init: setKey, set_aad: nil, encrypt: apply,
                    decrypt: apply, set_iv: setIV, get_tag: nil, description: description, test_data: testData,
                    id: id)))
    }

    nonisolated(unsafe) private static let description128 = CipherKnownAnswers.kept("AES-128 CM on OpenSSL EVP")
    nonisolated(unsafe) private static let description256 = CipherKnownAnswers.kept("AES-256 CM on OpenSSL EVP")
    private static let saltLength = 14

    private static let allocate: srtp_cipher_alloc_func_t = { pointer, keyLengthWithSalt, _ in
        guard let pointer else { return srtp_err_status_bad_param }
        let keyLength = keyLengthWithSalt - Int32(saltLength)
        let algorithm: Int32
        switch keyLength {
        case 16: algorithm = Int32(SRTP_AES_ICM_128)
        case 32: algorithm = Int32(SRTP_AES_ICM_256)
        default: return srtp_err_status_bad_param
        }
        guard let context = EVP_CIPHER_CTX_new() else { return srtp_err_status_alloc_fail }
        let offset = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
        offset.initialize(repeating: 0, count: 16)
        let type = algorithm == Int32(SRTP_AES_ICM_128) ? OpenSSLCiphers.icm128 : OpenSSLCiphers.icm256
        let cipher = ReplacementStorage.makeCipher(
            State(context: context, keyLength: keyLength, offset: offset), type: UnsafePointer(type),
            keyLength: keyLengthWithSalt, algorithm: algorithm)
        pointer.pointee = cipher
        return srtp_err_status_ok
    }

    private static let deallocate: srtp_cipher_dealloc_func_t = { cipher in
        ReplacementStorage.freeCipher(cipher, State.self) { state in
            EVP_CIPHER_CTX_free(state.context)
            state.offset.update(repeating: 0, count: 16)
            state.offset.deallocate()
        }
    }

    private static func state(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<State> {
        ReplacementStorage.state(raw, as: State.self)
    }

    private static let setKey: srtp_cipher_init_func_t = { raw, key in
        guard let key else { return srtp_err_status_bad_param }
        let state = state(raw)
        let keyLength = Int(state.pointee.keyLength)
        state.pointee.offset.update(repeating: 0, count: 16)
        state.pointee.offset.update(from: key + keyLength, count: saltLength)
        let algorithm = keyLength == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr()
        let context = state.pointee.context
        guard EVP_CIPHER_CTX_reset(context) == 1, EVP_EncryptInit_ex(context, algorithm, nil, key, nil) == 1 else {
            return srtp_err_status_init_fail
        }
        return srtp_err_status_ok
    }

    /// The counter block is the salt XOR the 16-byte IV.
    private static let setIV: srtp_cipher_set_iv_func_t = { raw, iv, _ in
        guard let iv else { return srtp_err_status_bad_param }
        let state = state(raw)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { counter in
            for index in 0..<16 { counter[index] = state.pointee.offset[index] ^ iv[index] }
            let status = EVP_EncryptInit_ex(state.pointee.context, nil, nil, nil, counter.baseAddress)
            return status == 1 ? srtp_err_status_ok : srtp_err_status_init_fail
        }
    }

    /// XORs the keystream in place. libsrtp2's counter covers the block's
    /// last 16 bits, OpenSSL's the whole block: they agree for the first
    /// 2^16 blocks (1 MiB) after an IV, far beyond any packet.
    private static let apply: srtp_cipher_encrypt_func_t = { raw, buffer, length in
        guard let length else { return srtp_err_status_bad_param }
        let count = Int(length.pointee)
        guard count > 0 else { return srtp_err_status_ok }
        guard let buffer, count <= 1 << 20 else { return srtp_err_status_bad_param }
        var written: Int32 = 0
        let status = EVP_EncryptUpdate(state(raw).pointee.context, buffer, &written, buffer, Int32(count))
        return status == 1 && Int(written) == count ? srtp_err_status_ok : srtp_err_status_cipher_fail
    }
}
