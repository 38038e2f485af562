import Foundation

extension ServerConfiguration {
    /// `cluster:`: rooms placed across nodes through PostgreSQL. With no
    /// `database_url` the server is a single node and none of this applies.
    public struct Cluster: Sendable, Equatable {
        public enum Placement: String, Sendable, Equatable {
            /// A join on the wrong node is told where the room lives.
            case redirect
            /// Every node serves any room; nodes sharing a room are joined by relays.
            case cascade
        }

        public var databaseURL = ""
        /// Empty: a random id at each start.
        public var nodeID = ""
        /// The node's public http(s) base URL; empty: from bind and port.
        public var advertiseURL = ""
        public var placement = Placement.redirect
        public var heartbeatIntervalSeconds: Double = 2
        public var staleAfterSeconds: Double = 10
        public var queryTimeoutSeconds: Double = 3
        public var claimGraceSeconds: Double = 30
        public var maxDatabaseConnections = 4
        /// Signs and checks the relay tokens nodes present to each other
        /// (cascade); at least 32 bytes, the same on every node.
        public var secret = ""
        /// Relays this node pulls from other nodes at once (cascade).
        public var maxRelays = 64
        /// PEM file of the CA that signs other nodes' TLS certificates, for
        /// relays to `https://` advertised URLs (wss); empty: the system's.
        public var relayCAFile = ""

        public var enabled: Bool { !databaseURL.isEmpty }

        mutating func read(_ r: inout SectionReader) throws {
            databaseURL = try r.string("database_url", databaseURL)
            nodeID = try r.string("node_id", nodeID)
            advertiseURL = try r.string("advertise_url", advertiseURL)
            let placementName = try r.string("placement", placement.rawValue)
            switch placementName {
            case "redirect": placement = .redirect
            case "cascade": placement = .cascade
            default:
                throw ConfigurationError(description: "cluster.placement must be redirect or cascade")
            }
            secret = try r.string("secret", secret)
            maxRelays = try r.positive("max_relays", maxRelays)
            relayCAFile = try r.string("relay_ca_file", relayCAFile)
            if placement == .cascade, secret.utf8.count < 32 {
                throw ConfigurationError(
                    description: "cluster.secret must be at least 32 bytes with placement: cascade (it signs relay tokens)")
            }
            heartbeatIntervalSeconds = try r.duration("heartbeat_interval", heartbeatIntervalSeconds)
            staleAfterSeconds = try r.duration("stale_after", staleAfterSeconds)
            queryTimeoutSeconds = try r.duration("query_timeout", queryTimeoutSeconds)
            claimGraceSeconds = try r.duration("claim_grace", claimGraceSeconds)
            maxDatabaseConnections = try r.positive("max_database_connections", maxDatabaseConnections)
            for (key, value) in [
                ("heartbeat_interval", heartbeatIntervalSeconds), ("stale_after", staleAfterSeconds),
                ("query_timeout", queryTimeoutSeconds), ("claim_grace", claimGraceSeconds),
            ] where value <= 0 {
                throw ConfigurationError(description: "cluster.\(key) must be positive")
            }
            guard staleAfterSeconds > heartbeatIntervalSeconds else {
                throw ConfigurationError(description: "cluster.stale_after must be longer than cluster.heartbeat_interval")
            }
            if !advertiseURL.isEmpty, !(advertiseURL.hasPrefix("http://") || advertiseURL.hasPrefix("https://")) {
                throw ConfigurationError(description: "cluster.advertise_url must start with http:// or https://")
            }
        }
    }

    /// The base URL other nodes redirect to: `cluster.advertise_url`, or
    /// the HTTP address this node binds (its bound port when given).
    public func advertisedBaseURL(httpPort: Int? = nil) -> String {
        if !cluster.advertiseURL.isEmpty {
            return cluster.advertiseURL.hasSuffix("/") ? String(cluster.advertiseURL.dropLast()) : cluster.advertiseURL
        }
        let host = announcedAddress.contains(":") ? "[\(announcedAddress)]" : announcedAddress
        return "http://\(host):\(httpPort ?? http.port)"
    }
}
