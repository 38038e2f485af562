import NIOCore

/// Stateless nonces (RFC 8489 §9.2): the issue time and an HMAC of it and
/// the client's address under a per-server key, so the server remembers
/// nothing per unauthenticated client (a flood of spoofed Allocates cannot
/// grow a table) and a nonce from one client address is stale at another.
/// A nonce older than `lifetime` is stale (438, RFC 8489 §9.2.4).
struct TURNNonces: Sendable {
    let key: [UInt8]
    let lifetime: TimeAmount

    init(key: [UInt8], lifetime: TimeAmount) {
        self.key = key
        self.lifetime = lifetime
    }

    /// A fresh nonce for `client` at `now`: 16 hex digits of time, 20 of MAC.
    func issue(for client: TURNFiveTuple, now: NIODeadline) -> String {
        let time = now.uptimeNanoseconds
        return TURNCrypto.hex(Self.bytes(of: time)) + TURNCrypto.hex(mac(time: time, client: client))
    }

    /// Whether `nonce` is one of ours, for `client`, and fresh at `now`.
    func isValid(_ nonce: String, for client: TURNFiveTuple, now: NIODeadline) -> Bool {
        let utf8 = Array(nonce.utf8)
        guard utf8.count == 36, let time = UInt64(String(decoding: utf8[..<16], as: UTF8.self), radix: 16) else {
            return false
        }
        guard TURNCrypto.equal(Array(utf8[16...]), Array(TURNCrypto.hex(mac(time: time, client: client)).utf8)) else {
            return false
        }
        let issued = NIODeadline.uptimeNanoseconds(time)
        return issued <= now && now - issued < lifetime
    }

    private func mac(time: UInt64, client: TURNFiveTuple) -> ArraySlice<UInt8> {
        let data = Self.bytes(of: time) + Array(client.description.utf8)
        return TURNCrypto.hmacSHA1(key: key, data: data).prefix(10)
    }

    private static func bytes(of value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
