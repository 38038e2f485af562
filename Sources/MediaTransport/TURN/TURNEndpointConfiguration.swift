import ICELite
import NIOCore
import TURN

/// Where the embedded TURN server listens and relays, and the engine's
/// own configuration (credentials, quotas, peer policy).
public struct TURNEndpointConfiguration: Sendable {
    /// Address the client-facing sockets bind to.
    public var host: String
    /// UDP port of TURN and plain STUN Binding (the STUN port).
    public var udpPort: Int
    /// TCP port (RFC 8656 §3.1 stream framing); 0 for none.
    public var tcpPort: Int
    /// TLS-over-TCP port; 0 for none.
    public var tlsPort: Int
    /// PEM of the TLS certificate chain and its private key (used when `tlsPort` > 0).
    public var tlsCertificatePEM: String
    public var tlsPrivateKeyPEM: String
    /// The relayed transport addresses' IP, as clients are told (XOR-RELAYED-ADDRESS).
    public var relayHost: String
    /// Address relay sockets bind to: `relayHost`, or a local address a
    /// 1:1 NAT maps it to (0.0.0.0 binds every interface).
    public var relayBindHost: String
    /// Ports relay sockets may use.
    public var relayPorts: ClosedRange<UInt16>
    /// The engine's credentials, lifetimes, quotas and peer policy.
    public var server: TURNServer.Configuration
    /// Plain STUN Binding on the UDP port answers exactly as `STUNEndpoint` does.
    public var binding: STUNBindingResponder.Configuration
    /// A TCP/TLS client that leaves a frame incomplete this long is
    /// disconnected: a byte a second must not hold a socket forever.
    public var partialFrameTimeout: TimeAmount
    /// A TCP/TLS client without an allocation this long is disconnected.
    public var idleStreamTimeout: TimeAmount
    /// Most TCP and TLS connections at once; more are closed on accept.
    public var maxStreamConnections: Int
    /// SO_RCVBUF and SO_SNDBUF of the UDP and relay sockets (0: the system's).
    public var socketBufferBytes: Int

    public init(
        host: String, udpPort: Int, tcpPort: Int = 0, tlsPort: Int = 0, tlsCertificatePEM: String = "",
        tlsPrivateKeyPEM: String = "", relayHost: String, relayBindHost: String? = nil, relayPorts: ClosedRange<UInt16>,
        server: TURNServer.Configuration, binding: STUNBindingResponder.Configuration = .init(),
        partialFrameTimeout: TimeAmount = .seconds(10), idleStreamTimeout: TimeAmount = .seconds(30),
        maxStreamConnections: Int = 2_000, socketBufferBytes: Int = 4 << 20
    ) {
        self.host = host
        self.udpPort = udpPort
        self.tcpPort = tcpPort
        self.tlsPort = tlsPort
        self.tlsCertificatePEM = tlsCertificatePEM
        self.tlsPrivateKeyPEM = tlsPrivateKeyPEM
        self.relayHost = relayHost
        self.relayBindHost = relayBindHost ?? relayHost
        self.relayPorts = relayPorts
        self.server = server
        self.binding = binding
        self.partialFrameTimeout = partialFrameTimeout
        self.idleStreamTimeout = idleStreamTimeout
        self.maxStreamConnections = maxStreamConnections
        self.socketBufferBytes = socketBufferBytes
    }
}
