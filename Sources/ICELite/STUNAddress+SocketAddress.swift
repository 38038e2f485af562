import NIOCore
import STUN

extension STUNAddress {
    /// The IP address and port of a socket address; nil for a Unix domain
    /// socket. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a
    /// dual-stack socket reports for an IPv4 peer) becomes the IPv4 address,
    /// so XOR-MAPPED-ADDRESS names the family the peer actually sent from.
    public init?(_ address: SocketAddress) {
        switch address {
        case .v4(let v4):
            let raw = v4.address
            self.init(ip: .v4(UInt32(bigEndian: raw.sin_addr.s_addr)), port: UInt16(bigEndian: raw.sin_port))
        case .v6(let v6):
            let raw = v6.address
            let (high, low) = withUnsafeBytes(of: raw.sin6_addr) { bytes in
                (
                    UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                    UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                )
            }
            let port = UInt16(bigEndian: raw.sin6_port)
            if high == 0, low >> 32 == 0xFFFF {
                self.init(ip: .v4(UInt32(truncatingIfNeeded: low)), port: port)
            } else {
                self.init(ip: .v6(high, low), port: port)
            }
        case .unixDomainSocket:
            return nil
        }
    }
}

extension SocketAddress {
    /// The socket address of a STUN address (no IPv6 scope or flow label).
    /// Never nil in practice: NIO's initializer only refuses byte counts
    /// other than 4 and 16, and `STUNAddress` has no others.
    public init?(_ address: STUNAddress) {
        var packed = ByteBuffer()
        switch address.ip {
        case .v4(let word):
            packed.writeInteger(word)
        case .v6(let high, let low):
            packed.writeInteger(high)
            packed.writeInteger(low)
        }
        guard let socketAddress = try? SocketAddress(packedIPAddress: packed, port: Int(address.port)) else {
            return nil
        }
        self = socketAddress
    }
}
