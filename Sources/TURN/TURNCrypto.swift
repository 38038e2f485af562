import COpenSSL

/// HMAC-SHA1 and base64, the two pieces of the REST credentials and of
/// the server's nonces that STUN's own helpers do not expose.
enum TURNCrypto {
    /// HMAC-SHA1 of `data` under `key` (20 bytes).
    static func hmacSHA1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 20)
        var size: UInt32 = 0
        // A one-byte stand-in keeps pointers non-null for empty inputs.
        let keyBytes = key.isEmpty ? [0] : key
        let dataBytes = data.isEmpty ? [0] : data
        let ok = keyBytes.withUnsafeBufferPointer { keyPointer in
            dataBytes.withUnsafeBufferPointer { dataPointer in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(
                        EVP_sha1(), keyPointer.baseAddress, Int32(key.count), dataPointer.baseAddress, data.count,
                        out.baseAddress, &size)
                }
            }
        }
        return ok == nil ? [] : Array(output.prefix(Int(size)))
    }

    /// Constant-time equality of two byte arrays of the same length.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding (RFC 4648 §4), as coturn's REST passwords use.
    static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var word = 0
            for (index, byte) in chunk.enumerated() { word |= Int(byte) << (16 - 8 * index) }
            for index in 0..<4 {
                out.append(index <= chunk.count ? alphabet[(word >> (18 - 6 * index)) & 0x3F] : UInt8(ascii: "="))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
