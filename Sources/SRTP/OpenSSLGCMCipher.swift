import COpenSSL
import CSRTP

/// AES-GCM for libsrtp2 on OpenSSL's EVP, registered in place of the
/// library's own (`srtp_replace_cipher_type`). Debian builds libsrtp2 on NSS,
/// whose GCM makes a fresh context for every packet: five allocations per
/// protect and about 1.6 times the CPU (bench/results/srtp.md), where one
/// EVP context per stream, keyed once and given a new IV per packet,
/// allocates nothing. libsrtp2 still does
/// all of SRTP (IVs, AAD, replay, rollover); this is only the AEAD primitive.
///
/// The calls follow libsrtp2's cipher contract: `setIV` then `setAAD` (any
/// number of times) then `encrypt` and `getTag`, or `decrypt` with the tag
/// at the end of the buffer, which it strips.
enum OpenSSLGCMCipher {
    /// Per-cipher state behind `srtp_cipher_t.state`.
    struct State {
        var context: OpaquePointer
        var keyLength: Int32
        var tagLength: Int32
        var encrypting: Bool
    }

    static func makeType(
        id: srtp_cipher_type_id_t, testData: UnsafePointer<srtp_cipher_test_case_t>
    ) -> UnsafeMutablePointer<srtp_cipher_type_t> {
        let description = id == srtp_cipher_type_id_t(SRTP_AES_GCM_128) ? description128 : description256
        return UnsafeMutablePointer(
            mutating: CipherKnownAnswers.kept(
                srtp_cipher_type_t(
                    alloc: allocate, dealloc: deallocate, init: setKey, set_aad: setAAD, encrypt: encrypt,
                    decrypt: decrypt, set_iv: setIV, get_tag: getTag, description: description,
                    test_data: testData, id: id)))
    }

    nonisolated(unsafe) private static let description128 = CipherKnownAnswers.kept("AES-128 GCM on OpenSSL EVP")
    nonisolated(unsafe) private static let description256 = CipherKnownAnswers.kept("AES-256 GCM on OpenSSL EVP")

    /// `key_len` counts the salt too (libsrtp2's `..._KEY_LEN_WSALT`); only
    /// the AES key is used here, the salt goes into the IV in libsrtp2.
    private static let allocate: srtp_cipher_alloc_func_t = { pointer, keyLengthWithSalt, tagLength in
        guard let pointer else { return srtp_err_status_bad_param }
        let keyLength: Int32
        let algorithm: Int32
        switch keyLengthWithSalt {
        case Int32(SRTP_AES_GCM_128_KEY_LEN_WSALT): (keyLength, algorithm) = (16, Int32(SRTP_AES_GCM_128))
        case Int32(SRTP_AES_GCM_256_KEY_LEN_WSALT): (keyLength, algorithm) = (32, Int32(SRTP_AES_GCM_256))
        default: return srtp_err_status_bad_param
        }
        guard tagLength == 8 || tagLength == 16 else { return srtp_err_status_bad_param }
        guard let context = EVP_CIPHER_CTX_new() else { return srtp_err_status_alloc_fail }
        let type = algorithm == Int32(SRTP_AES_GCM_128) ? OpenSSLCiphers.gcm128 : OpenSSLCiphers.gcm256
        let cipher = ReplacementStorage.makeCipher(
            State(context: context, keyLength: keyLength, tagLength: tagLength, encrypting: true),
            type: UnsafePointer(type), keyLength: keyLengthWithSalt, algorithm: algorithm)
        pointer.pointee = cipher
        return srtp_err_status_ok
    }

    private static let deallocate: srtp_cipher_dealloc_func_t = { cipher in
        // Freeing the context clears its key schedule.
        ReplacementStorage.freeCipher(cipher, State.self) { EVP_CIPHER_CTX_free($0.context) }
    }

    private static func state(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<State> {
        ReplacementStorage.state(raw, as: State.self)
    }

    /// Keys the context once; each packet then only sets its IV.
    private static let setKey: srtp_cipher_init_func_t = { raw, key in
        let state = state(raw)
        let algorithm = state.pointee.keyLength == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm()
        let context = state.pointee.context
        guard EVP_CIPHER_CTX_reset(context) == 1,
            EVP_CipherInit_ex(context, algorithm, nil, key, nil, 1) == 1
        else { return srtp_err_status_init_fail }
        return srtp_err_status_ok
    }

    /// RFC 7714's 12-byte IV, OpenSSL's default length for GCM.
    private static let setIV: srtp_cipher_set_iv_func_t = { raw, iv, direction in
        let state = state(raw)
        let encrypting: Bool
        switch direction {
        case srtp_direction_encrypt: encrypting = true
        case srtp_direction_decrypt: encrypting = false
        default: return srtp_err_status_bad_param
        }
        state.pointee.encrypting = encrypting
        guard EVP_CipherInit_ex(state.pointee.context, nil, nil, nil, iv, encrypting ? 1 : 0) == 1 else {
            return srtp_err_status_init_fail
        }
        return srtp_err_status_ok
    }

    private static let setAAD: srtp_cipher_set_aad_func_t = { raw, aad, length in
        var written: Int32 = 0
        guard length <= UInt32(Int32.max),
            EVP_CipherUpdate(state(raw).pointee.context, nil, &written, aad, Int32(length)) == 1
        else { return srtp_err_status_algo_fail }
        return srtp_err_status_ok
    }

    /// Encrypts in place; the tag comes from `getTag`.
    private static let encrypt: srtp_cipher_encrypt_func_t = { raw, buffer, length in
        guard let length else { return srtp_err_status_bad_param }
        let state = state(raw)
        guard state.pointee.encrypting else { return srtp_err_status_bad_param }
        return update(state.pointee.context, buffer, Int(length.pointee)) ? srtp_err_status_ok : srtp_err_status_algo_fail
    }

    /// Decrypts in place and checks the tag that ends the buffer; on
    /// success the length no longer counts the tag.
    private static let decrypt: srtp_cipher_decrypt_func_t = { raw, buffer, length in
        guard let length, let buffer else { return srtp_err_status_bad_param }
        let state = state(raw)
        let tagLength = state.pointee.tagLength
        guard !state.pointee.encrypting, length.pointee >= UInt32(tagLength) else { return srtp_err_status_bad_param }
        let cipherLength = Int(length.pointee) - Int(tagLength)
        let context = state.pointee.context
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, tagLength, buffer + cipherLength) == 1,
            update(context, buffer, cipherLength)
        else { return srtp_err_status_auth_fail }
        var written: Int32 = 0
        var scratch: UInt8 = 0
        guard EVP_CipherFinal_ex(context, &scratch, &written) == 1 else { return srtp_err_status_auth_fail }
        length.pointee = UInt32(cipherLength)
        return srtp_err_status_ok
    }

    private static let getTag: srtp_cipher_get_tag_func_t = { raw, tag, length in
        guard let length else { return srtp_err_status_bad_param }
        let state = state(raw)
        let context = state.pointee.context
        var written: Int32 = 0
        var scratch: UInt8 = 0
        guard state.pointee.encrypting, EVP_CipherFinal_ex(context, &scratch, &written) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, state.pointee.tagLength, tag) == 1
        else { return srtp_err_status_algo_fail }
        length.pointee = UInt32(state.pointee.tagLength)
        return srtp_err_status_ok
    }

    /// GCM is a stream mode: the output is as long as the input.
    private static func update(_ context: OpaquePointer, _ buffer: UnsafeMutablePointer<UInt8>?, _ count: Int) -> Bool {
        guard count > 0 else { return true }
        guard let buffer, count <= Int(Int32.max) else { return false }
        var written: Int32 = 0
        return EVP_CipherUpdate(context, buffer, &written, buffer, Int32(count)) == 1 && Int(written) == count
    }
}
