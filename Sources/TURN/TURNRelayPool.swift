import STUN

/// The relayed transport addresses the server may hand out: one IP and a
/// range of ports the owner binds (eagerly, or when asked through
/// `TURNAction.openRelay`). Ports are handed out round-robin from a
/// moving cursor, so a freed port is reused as late as possible and a
/// late packet for an old allocation rarely reaches a new one.
public struct TURNRelayPool: Sendable, Hashable {
    public let ip: STUNAddress.IP
    public let ports: ClosedRange<UInt16>
    private var inUse: Set<UInt16> = []
    private var cursor: UInt16

    public init(ip: STUNAddress.IP, ports: ClosedRange<UInt16>) {
        self.ip = ip
        self.ports = ports
        self.cursor = ports.lowerBound
    }

    /// Ports handed out and not released.
    public var count: Int { inUse.count }

    /// A free address, an even port if asked (RFC 8656 §7.2, EVEN-PORT);
    /// nil when none is left.
    mutating func reserve(evenPort: Bool) -> STUNAddress? {
        let size = Int(ports.upperBound) - Int(ports.lowerBound) + 1
        guard inUse.count < size else { return nil }
        for _ in 0..<size {
            let port = cursor
            cursor = cursor == ports.upperBound ? ports.lowerBound : cursor + 1
            if !inUse.contains(port) && (!evenPort || port % 2 == 0) {
                inUse.insert(port)
                return STUNAddress(ip: ip, port: port)
            }
        }
        return nil
    }

    /// Returns `address` to the pool; other addresses are ignored.
    mutating func release(_ address: STUNAddress) {
        guard address.ip == ip else { return }
        inUse.remove(address.port)
    }
}
