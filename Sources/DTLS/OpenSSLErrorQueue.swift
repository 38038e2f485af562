import COpenSSL

/// OpenSSL's per-thread error queue. Every endpoint operation starts and ends
/// with it empty, so one peer's failure never shows up in another's.
enum OpenSSLErrorQueue {
    /// Empties the queue.
    static func clear() {
        ERR_clear_error()
    }

    /// Pops every queued error as text (`ERR_error_string_n`), joined by
    /// "; ", and leaves the queue empty; nil when it was empty.
    static func drain() -> String? {
        var texts: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        // The queue holds at most 16 entries (ERR_NUM_ERRORS); the bound only
        // guards against a misbehaving library.
        for _ in 0..<32 {
            let code = ERR_get_error()
            if code == 0 { break }
            buffer.withUnsafeMutableBufferPointer { ERR_error_string_n(code, $0.baseAddress, $0.count) }
            let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        ERR_clear_error()
        return texts.isEmpty ? nil : texts.joined(separator: "; ")
    }

    /// The queue's text, or `fallback` when OpenSSL left no entry.
    static func reason(or fallback: String) -> String {
        drain() ?? fallback
    }
}
