import STUN

/// The transport between a client and the server (RFC 8656 §3.1).
public enum TURNTransport: Sendable, Hashable {
    case udp
    case tcp
    case tls

    /// Whether ChannelData is padded to 4 bytes on this transport (§12.5).
    var padsChannelData: Bool { self != .udp }
}

/// What identifies an allocation (RFC 8656 §2): the client's transport
/// address, the server's address it talks to, and the transport.
public struct TURNFiveTuple: Sendable, Hashable, CustomStringConvertible {
    public var client: STUNAddress
    public var server: STUNAddress
    public var transport: TURNTransport

    public init(client: STUNAddress, server: STUNAddress, transport: TURNTransport) {
        self.client = client
        self.server = server
        self.transport = transport
    }

    public var description: String { "\(transport) \(client)->\(server)" }
}
