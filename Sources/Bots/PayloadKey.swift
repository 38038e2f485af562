import NIOCore
import RTP

/// How a subscriber recognises a publisher's packet after the server
/// rewrote its SSRC, sequence number, timestamp and VP8 picture ID: by its
/// media bytes. The key is FNV-1a over the payload after the VP8
/// descriptor (at most 64 bytes) and the payload length. A clip only
/// repeats after a whole loop (seconds), and the send log keeps the latest
/// send of each key, so a key names one send while latency stays below the
/// loop length.
enum PayloadKey {
    static let hashedBytes = 64

    /// The key of an RTP payload; `isVP8` skips the payload descriptor,
    /// whose picture ID the server rewrites. Nil for an unparsable one.
    static func key(payload: ByteBuffer, isVP8: Bool) -> UInt64? {
        var start = payload.readerIndex
        if isVP8 {
            guard let descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return nil }
            start += descriptor.length
        }
        let length = payload.writerIndex - start
        guard length > 0 else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(length)
        payload.withUnsafeReadableBytes { bytes in
            let offset = start - payload.readerIndex
            for index in offset..<min(bytes.count, offset + hashedBytes) {
                hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
            }
        }
        return hash
    }
}
