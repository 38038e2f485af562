import MediaTransport
import NIOCore

extension ServerConfiguration {
    /// Passive ICE-TCP (`ice_tcp:`, RFC 6544 with RFC 4571 framing): each
    /// media worker also listens on TCP, and every SDP the server writes
    /// carries a `tcptype passive` candidate beside the UDP one, for
    /// clients whose network lets no UDP through.
    public struct ICETCP: Sendable, Equatable {
        public var enabled = true
        /// TCP port of worker 0 (worker N: + N); 0: each worker's UDP port number.
        public var port = 0
        /// Port written into the TCP candidate for worker 0 (worker N: + N);
        /// 0: `media.announce_port` when `port` is 0, else the bound port.
        public var announcePort = 0
        public var maxConnections = 1_000
        public var maxConnectionsPerAddress = 64
        public var firstFrameTimeoutSeconds: Double = 10
        public var partialFrameTimeoutSeconds: Double = 5
        public var idleTimeoutSeconds: Double = 30
        public var maxFrameBytes = 65_535
        public var writeBufferBytes = 1_048_576

        public init() {}

        mutating func read(_ r: inout SectionReader) throws {
            enabled = try r.bool("enabled", enabled)
            port = try r.port("port", port)
            announcePort = try r.port("announce_port", announcePort)
            maxConnections = try r.positive("max_connections", maxConnections)
            maxConnectionsPerAddress = try r.positive("max_connections_per_address", maxConnectionsPerAddress)
            firstFrameTimeoutSeconds = try r.duration("first_frame_timeout", firstFrameTimeoutSeconds)
            partialFrameTimeoutSeconds = try r.duration("partial_frame_timeout", partialFrameTimeoutSeconds)
            idleTimeoutSeconds = try r.duration("idle_timeout", idleTimeoutSeconds)
            maxFrameBytes = try r.int("max_frame_bytes", maxFrameBytes)
            guard (1_200...65_535).contains(maxFrameBytes) else {
                throw ConfigurationError(description: "ice_tcp.max_frame_bytes must be 1200 to 65535 (RFC 4571)")
            }
            writeBufferBytes = try r.positive("write_buffer_bytes", writeBufferBytes)
            for (key, value) in [
                ("first_frame_timeout", firstFrameTimeoutSeconds), ("partial_frame_timeout", partialFrameTimeoutSeconds),
                ("idle_timeout", idleTimeoutSeconds),
            ] where value <= 0 {
                throw ConfigurationError(description: "ice_tcp.\(key) must be positive")
            }
        }

        /// The media transport's settings.
        public var transportConfiguration: ICETCPConfiguration {
            ICETCPConfiguration(
                port: port, maxConnections: maxConnections, maxConnectionsPerAddress: maxConnectionsPerAddress,
                firstFrameTimeout: Self.time(firstFrameTimeoutSeconds),
                partialFrameTimeout: Self.time(partialFrameTimeoutSeconds), idleTimeout: Self.time(idleTimeoutSeconds),
                maxFrameBytes: maxFrameBytes, writeBufferBytes: writeBufferBytes)
        }

        private static func time(_ seconds: Double) -> TimeAmount {
            .milliseconds(Int64(seconds * 1_000))
        }
    }

    /// The TCP port candidates name for the worker at `index` whose
    /// listener bound `boundPort` (its UDP port bound `udpBoundPort`): the
    /// ICE-TCP announce port + index when set; with the TCP port following
    /// the UDP one, the UDP announced port (a NAT maps both alike); else
    /// the bound port.
    public func announcedICETCPPort(workerIndex index: Int, boundPort: Int, udpBoundPort: Int) -> Int {
        if iceTCP.announcePort > 0 { return iceTCP.announcePort + index }
        if iceTCP.port == 0, boundPort == udpBoundPort {
            return announcedMediaPort(workerIndex: index, boundPort: udpBoundPort)
        }
        return boundPort
    }
}
