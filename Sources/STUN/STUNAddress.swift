/// An IP address and port as carried by MAPPED-ADDRESS and XOR-MAPPED-ADDRESS
/// (RFC 8489 §14.1, §14.2). The address is kept as raw network-order bits,
/// so this type needs nothing from Foundation or the socket layer.
public struct STUNAddress: Sendable, Hashable {
    /// The IP part: IPv4 as one 32-bit word, IPv6 as two 64-bit words,
    /// both in network byte order (the first wire byte is the most significant).
    public enum IP: Sendable, Hashable {
        case v4(UInt32)
        case v6(UInt64, UInt64)
    }

    public var ip: IP
    public var port: UInt16

    public init(ip: IP, port: UInt16) {
        self.ip = ip
        self.port = port
    }

    /// An IPv4 address from its four octets, e.g. `(127, 0, 0, 1)`.
    public init(ipv4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) {
        self.init(ip: .v4(UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)), port: port)
    }

    /// An address from 4 (IPv4) or 16 (IPv6) raw bytes; nil for other counts.
    public init?(ipBytes: some Collection<UInt8>, port: UInt16) {
        switch ipBytes.count {
        case 4:
            self.init(ip: .v4(ipBytes.reduce(0) { $0 << 8 | UInt32($1) }), port: port)
        case 16:
            let high = ipBytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
            let low = ipBytes.dropFirst(8).reduce(0) { $0 << 8 | UInt64($1) }
            self.init(ip: .v6(high, low), port: port)
        default:
            return nil
        }
    }

    /// The STUN address family byte: 0x01 for IPv4, 0x02 for IPv6.
    public var family: UInt8 {
        switch ip {
        case .v4: return 0x01
        case .v6: return 0x02
        }
    }

    /// The raw address bytes in network order (4 or 16 of them).
    public var ipBytes: [UInt8] {
        switch ip {
        case .v4(let word):
            return (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }
}

extension STUNAddress: CustomStringConvertible {
    /// "192.0.2.1:32853" or "[2001:db8::1]:32853" (IPv6 text per RFC 5952).
    public var description: String {
        switch ip {
        case .v4:
            return ipDescription + ":" + String(port)
        case .v6:
            return "[" + ipDescription + "]:" + String(port)
        }
    }

    /// The address alone: dotted quad, or RFC 5952 IPv6 text (lower case,
    /// longest run of two or more zero groups shortened to "::").
    public var ipDescription: String {
        switch ip {
        case .v4(let word):
            return (0..<4).map { String(UInt8(truncatingIfNeeded: word >> (24 - 8 * $0))) }.joined(separator: ".")
        case .v6(let high, let low):
            let groups: [UInt16] = (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * $0)) }
                + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * $0)) }
            // Longest run of zero groups; the first one wins a tie (RFC 5952 §4.2.3).
            var bestStart = -1, bestLength = 0, runStart = -1
            for index in 0...groups.count {
                if index < groups.count && groups[index] == 0 {
                    if runStart < 0 { runStart = index }
                } else if runStart >= 0 {
                    if index - runStart > bestLength {
                        bestStart = runStart
                        bestLength = index - runStart
                    }
                    runStart = -1
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            guard bestLength >= 2 else { return hex.joined(separator: ":") }
            let head = hex[..<bestStart].joined(separator: ":")
            let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
            return head + "::" + tail
        }
    }
}
