import STUN

/// Which peers an allocation may exchange data with. By default only the
/// server's own media addresses: the TURN server exists so clients behind
/// restrictive networks can reach this SFU, not as an open relay.
///
/// Permissions are per IP (RFC 8656 §9), so CreatePermission is checked on
/// the peer's IP; every relayed packet, both ways, and ChannelBind are
/// checked on the full transport address, so a permission for the media
/// IP does not reach other services on that host.
public struct TURNPeerPolicy: Sendable, Hashable {
    /// Peers allowed when `allowAnyPeer` is false: this server's media addresses.
    public var allowedPeers: Set<STUNAddress>
    /// Relay to any unicast peer (a general-purpose TURN server).
    public var allowAnyPeer: Bool
    /// Allow loopback peers (127.0.0.0/8, ::1); off except for tests, since
    /// a loopback peer is the TURN host itself.
    public var allowLoopback: Bool

    public init(allowedPeers: Set<STUNAddress> = [], allowAnyPeer: Bool = false, allowLoopback: Bool = false) {
        self.allowedPeers = allowedPeers
        self.allowAnyPeer = allowAnyPeer
        self.allowLoopback = allowLoopback
    }

    /// Whether a permission for `ip` may be installed (CreatePermission).
    public func allowsPermission(for ip: STUNAddress.IP) -> Bool {
        guard isAcceptable(ip) else { return false }
        return allowAnyPeer || allowedPeers.contains { $0.ip == ip }
    }

    /// Whether data may be relayed to or from `peer` (Send, ChannelData,
    /// ChannelBind, and packets arriving at a relay).
    public func allowsTraffic(with peer: STUNAddress) -> Bool {
        guard isAcceptable(peer.ip), peer.port != 0 else { return false }
        return allowAnyPeer || allowedPeers.contains(peer)
    }

    private func isAcceptable(_ ip: STUNAddress.IP) -> Bool {
        switch ip {
        case .v4(let word):
            if word == 0 || word >> 28 == 0xE || word == .max { return false }  // unspecified, multicast, broadcast
            return allowLoopback || word >> 24 != 127
        case .v6(let high, let low):
            if high == 0 && low == 0 { return false }  // ::
            if high >> 56 == 0xFF { return false }  // multicast
            if high == 0 && low >> 32 == 0xFFFF {  // ::ffff:a.b.c.d is the IPv4 address
                return isAcceptable(.v4(UInt32(truncatingIfNeeded: low)))
            }
            return allowLoopback || !(high == 0 && low == 1)
        }
    }
}
