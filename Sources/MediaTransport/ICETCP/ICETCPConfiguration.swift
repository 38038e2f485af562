import NIOCore

/// Settings of the ICE-TCP listeners (RFC 6544 passive candidates, one
/// per media worker) and the limits every connection is held to.
public struct ICETCPConfiguration: Sendable, Hashable {
    /// TCP port of worker 0 (worker N: + N); 0 means each worker's UDP
    /// port number (or any free port when the UDP port was chosen freely).
    public var port: Int
    /// Open connections on all workers together, and from one IP address.
    public var maxConnections: Int
    public var maxConnectionsPerAddress: Int
    /// A connection must bring an authenticated Binding request within this
    /// time of being accepted, or it is closed.
    public var firstFrameTimeout: TimeAmount
    /// A frame begun must be complete within this time (a byte a second
    /// cannot hold a connection).
    public var partialFrameTimeout: TimeAmount
    /// A connection with no complete frame for this long is closed.
    public var idleTimeout: TimeAmount
    /// Longest frame accepted (RFC 4571 allows 65535).
    public var maxFrameBytes: Int
    /// Bytes queued toward a slow connection past which packets are dropped
    /// (and counted) instead of queued.
    public var writeBufferBytes: Int

    public init(
        port: Int = 0, maxConnections: Int = 1_000, maxConnectionsPerAddress: Int = 64,
        firstFrameTimeout: TimeAmount = .seconds(10), partialFrameTimeout: TimeAmount = .seconds(5),
        idleTimeout: TimeAmount = .seconds(30), maxFrameBytes: Int = 65_535, writeBufferBytes: Int = 1 << 20
    ) {
        self.port = port
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.firstFrameTimeout = firstFrameTimeout
        self.partialFrameTimeout = partialFrameTimeout
        self.idleTimeout = idleTimeout
        self.maxFrameBytes = maxFrameBytes
        self.writeBufferBytes = writeBufferBytes
    }
}
