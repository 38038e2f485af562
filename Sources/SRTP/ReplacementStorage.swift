import CSRTP

/// What a replacement cipher or MAC type hands libsrtp2: the `srtp_cipher_t`
/// (or `srtp_auth_t`) libsrtp2 holds and the type's state behind it,
/// allocated together when a stream is made and freed together when it goes.
enum ReplacementStorage {
    static func makeCipher<State>(
        _ state: State, type: UnsafePointer<srtp_cipher_type_t>, keyLength: Int32, algorithm: Int32
    ) -> UnsafeMutablePointer<srtp_cipher_t> {
        let cipher = UnsafeMutablePointer<srtp_cipher_t>.allocate(capacity: 1)
        cipher.initialize(
            to: srtp_cipher_t(type: type, state: keep(state), key_len: keyLength, algorithm: algorithm))
        return cipher
    }

    static func makeAuth<State>(
        _ state: State, type: UnsafePointer<srtp_auth_type_t>, keyLength: Int32, tagLength: Int32
    ) -> UnsafeMutablePointer<srtp_auth_t> {
        let auth = UnsafeMutablePointer<srtp_auth_t>.allocate(capacity: 1)
        auth.initialize(
            to: srtp_auth_t(type: type, state: keep(state), out_len: tagLength, key_len: keyLength, prefix_len: 0))
        return auth
    }

    /// Frees a cipher made by `makeCipher`; `release` frees what the state
    /// owns (an OpenSSL context) and clears its keys first.
    static func freeCipher<State>(
        _ cipher: UnsafeMutablePointer<srtp_cipher_t>?, _: State.Type, release: (inout State) -> Void
    ) -> srtp_err_status_t {
        guard let cipher else { return srtp_err_status_bad_param }
        free(cipher.pointee.state, as: State.self, release: release)
        cipher.deinitialize(count: 1)
        cipher.deallocate()
        return srtp_err_status_ok
    }

    static func freeAuth<State>(
        _ auth: UnsafeMutablePointer<srtp_auth_t>?, _: State.Type, release: (inout State) -> Void
    ) -> srtp_err_status_t {
        guard let auth else { return srtp_err_status_bad_param }
        free(auth.pointee.state, as: State.self, release: release)
        auth.deinitialize(count: 1)
        auth.deallocate()
        return srtp_err_status_ok
    }

    /// The state behind libsrtp2's `void *state`.
    static func state<State>(_ raw: UnsafeMutableRawPointer?, as _: State.Type) -> UnsafeMutablePointer<State> {
        raw!.assumingMemoryBound(to: State.self)
    }

    private static func keep<State>(_ state: State) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
        pointer.initialize(to: state)
        return UnsafeMutableRawPointer(pointer)
    }

    private static func free<State>(_ raw: UnsafeMutableRawPointer?, as _: State.Type, release: (inout State) -> Void) {
        guard let raw else { return }
        let state = raw.assumingMemoryBound(to: State.self)
        release(&state.pointee)
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
