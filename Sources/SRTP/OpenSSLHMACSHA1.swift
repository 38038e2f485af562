import COpenSSL
import CSRTP

/// HMAC-SHA1 (RFC 2104), SRTP's authentication for the AES-CM profiles, for
/// libsrtp2 in place of the build's own (NSS). The key's inner and outer
/// SHA-1 states are computed once; each packet copies them (plain structs)
/// rather than restarting an EVP digest, which allocates in OpenSSL 3.0.
///
/// libsrtp2's contract: `start`, then `update` any number of times, then
/// `compute` with the last bytes, writing the first `tag_len` bytes of the
/// MAC. `init` leaves the state started, as the self-tests expect.
enum OpenSSLHMACSHA1 {
    struct State {
        var inner = SHA_CTX()
        var outer = SHA_CTX()
        var running = SHA_CTX()
    }

    static let digestLength = 20
    private static let blockLength = 64

    static func makeType(testData: UnsafePointer<srtp_auth_test_case_t>) -> UnsafeMutablePointer<srtp_auth_type_t> {
        UnsafeMutablePointer(
            mutating: CipherKnownAnswers.kept(
                srtp_auth_type_t(
                    alloc: allocate, dealloc: deallocate, init: setKey, compute: compute, update: update,
                    start: start, description: description, test_data: testData,
                    id: srtp_auth_type_id_t(SRTP_HMAC_SHA1))))
    }

    nonisolated(unsafe) private static let description = CipherKnownAnswers.kept("HMAC-SHA1 on OpenSSL")

    private static let allocate: srtp_auth_alloc_func = { pointer, keyLength, tagLength in
        guard let pointer, (0...digestLength).contains(Int(keyLength)), (0...digestLength).contains(Int(tagLength))
        else { return srtp_err_status_bad_param }
        let auth = ReplacementStorage.makeAuth(
            State(), type: UnsafePointer(OpenSSLCiphers.hmacSHA1), keyLength: keyLength, tagLength: tagLength)
        pointer.pointee = auth
        return srtp_err_status_ok
    }

    private static let deallocate: srtp_auth_dealloc_func = { auth in
        ReplacementStorage.freeAuth(auth, State.self) { $0 = State() }  // clears the keyed states
    }

    private static func state(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<State> {
        ReplacementStorage.state(raw, as: State.self)
    }

    /// The key XOR ipad and XOR opad, each hashed as the first block.
    private static let setKey: srtp_auth_init_func = { raw, key, keyLength in
        guard (0...digestLength).contains(Int(keyLength)), keyLength == 0 || key != nil else {
            return srtp_err_status_bad_param
        }
        let state = state(raw)
        // On the stack, not the heap: the pads are as secret as the key.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * blockLength) { pads in
            let innerPad = pads.baseAddress!
            let outerPad = innerPad + blockLength
            innerPad.initialize(repeating: 0x36, count: blockLength)
            outerPad.initialize(repeating: 0x5C, count: blockLength)
            for index in 0..<Int(keyLength) {
                innerPad[index] ^= key![index]
                outerPad[index] ^= key![index]
            }
            defer { pads.update(repeating: 0) }
            guard switchboard_SHA1_Init(&state.pointee.inner) == 1,
                switchboard_SHA1_Update(&state.pointee.inner, innerPad, blockLength) == 1,
                switchboard_SHA1_Init(&state.pointee.outer) == 1,
                switchboard_SHA1_Update(&state.pointee.outer, outerPad, blockLength) == 1
            else { return srtp_err_status_auth_fail }
            state.pointee.running = state.pointee.inner
            return srtp_err_status_ok
        }
    }

    private static let start: srtp_auth_start_func = { raw in
        let state = state(raw)
        state.pointee.running = state.pointee.inner
        return srtp_err_status_ok
    }

    private static let update: srtp_auth_update_func = { raw, buffer, length in
        guard length >= 0, length == 0 || buffer != nil else { return srtp_err_status_bad_param }
        guard length > 0 else { return srtp_err_status_ok }
        let hashed = switchboard_SHA1_Update(&state(raw).pointee.running, buffer, Int(length))
        return hashed == 1 ? srtp_err_status_ok : srtp_err_status_auth_fail
    }

    private static let compute: srtp_auth_compute_func = { raw, buffer, length, tagLength, tag in
        guard length >= 0, length == 0 || buffer != nil, (0...digestLength).contains(Int(tagLength)), let tag else {
            return srtp_err_status_bad_param
        }
        let state = state(raw)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: digestLength) { digest in
            var outer = state.pointee.outer
            guard length == 0 || switchboard_SHA1_Update(&state.pointee.running, buffer, Int(length)) == 1,
                switchboard_SHA1_Final(digest.baseAddress, &state.pointee.running) == 1,
                switchboard_SHA1_Update(&outer, digest.baseAddress, digestLength) == 1,
                switchboard_SHA1_Final(digest.baseAddress, &outer) == 1
            else { return srtp_err_status_auth_fail }
            tag.update(from: digest.baseAddress!, count: Int(tagLength))
            return srtp_err_status_ok
        }
    }
}
