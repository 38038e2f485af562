extension ServerConfiguration {
    /// The embedded TURN server (`turn:`): UDP on the STUN port, TCP and
    /// TLS listeners, relays to this server's own media addresses only
    /// unless `allow_any_peer`.
    public struct TURN: Sendable, Equatable {
        public var enabled = true
        /// Shared secret of the REST credentials; empty: random at each start.
        public var secret = ""
        public var realm = "switchboard"
        public var tcpPort = 3_478
        /// 0 turns TLS off.
        public var tlsPort = 5_349
        /// PEM files; empty: a self-signed certificate made at start.
        public var tlsCertificate = ""
        public var tlsPrivateKey = ""
        /// Address relay sockets bind to; empty: the announced address.
        public var relayIP = ""
        public var relayPortMin = 40_000
        public var relayPortMax = 40_999
        public var maxAllocationsPerParticipant = 8
        public var maxAllocations = 1_000
        /// Bytes per second one allocation relays, both ways; 0: no limit.
        public var bytesPerSecondPerAllocation = 1_250_000
        /// How long credentials handed out in `joined` stay valid.
        public var credentialTTLSeconds = 86_400
        public var allowAnyPeer = false
        /// Loopback peers (the TURN host itself); for tests only.
        public var allowLoopbackPeers = false

        public init() {}

        mutating func read(_ r: inout SectionReader) throws {
            enabled = try r.bool("enabled", enabled)
            secret = try r.string("secret", secret)
            realm = try r.string("realm", realm)
            tcpPort = try r.port("tcp_port", tcpPort)
            tlsPort = try r.port("tls_port", tlsPort)
            tlsCertificate = try r.string("tls_certificate", tlsCertificate)
            tlsPrivateKey = try r.string("tls_private_key", tlsPrivateKey)
            relayIP = try r.string("relay_ip", relayIP)
            relayPortMin = try r.port("relay_port_min", relayPortMin)
            relayPortMax = try r.port("relay_port_max", relayPortMax)
            guard relayPortMin >= 1, relayPortMin <= relayPortMax else {
                throw ConfigurationError(description: "turn.relay_port_min must be 1 to relay_port_max")
            }
            maxAllocationsPerParticipant = try r.positive("max_allocations_per_participant", maxAllocationsPerParticipant)
            maxAllocations = try r.positive("max_allocations", maxAllocations)
            bytesPerSecondPerAllocation = try r.int("bytes_per_second_per_allocation", bytesPerSecondPerAllocation)
            guard bytesPerSecondPerAllocation >= 0 else {
                throw ConfigurationError(description: "turn.bytes_per_second_per_allocation must not be negative")
            }
            credentialTTLSeconds = try r.positive("credential_ttl_seconds", credentialTTLSeconds)
            allowAnyPeer = try r.bool("allow_any_peer", allowAnyPeer)
            allowLoopbackPeers = try r.bool("allow_loopback_peers", allowLoopbackPeers)
            guard tlsCertificate.isEmpty == tlsPrivateKey.isEmpty else {
                throw ConfigurationError(description: "turn.tls_certificate and turn.tls_private_key go together")
            }
        }
    }
}

extension SectionReader {
    /// A port: 0 to 65535.
    mutating func port(_ key: String, _ fallback: Int) throws -> Int {
        let value = try int(key, fallback)
        guard (0...65_535).contains(value) else { throw ConfigurationError(description: "\(name).\(key) must be a port") }
        return value
    }
}
