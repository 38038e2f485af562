/// The largest signaling frame the server accepts (docs/protocol.md: 64 KiB by
/// default). The server checks a frame against it before parsing, so an
/// oversized frame costs no JSON work and is answered with `too-large`.
public struct FrameSizeLimit: Sendable, Hashable {
    /// The default limit: 64 KiB.
    public static let defaultMaxBytes = 64 * 1024
    /// A limit of `defaultMaxBytes`.
    public static let standard = FrameSizeLimit(maxBytes: defaultMaxBytes)

    /// The largest frame accepted, in bytes.
    public var maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Throws `too-large` (which closes the socket) when `byteCount` is over the limit.
    public func check(byteCount: Int) throws(SignalingError) {
        if byteCount > maxBytes {
            throw .tooLarge(byteCount: byteCount, limit: maxBytes)
        }
    }

    /// Throws `too-large` when the UTF-8 form of `text` is over the limit.
    public func check(text: String) throws(SignalingError) {
        try check(byteCount: text.utf8.count)
    }
}
