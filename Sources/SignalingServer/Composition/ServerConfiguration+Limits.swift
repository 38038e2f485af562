extension ServerConfiguration {
    /// What any one client can make the server hold or do (`limits:`;
    /// docs/security.md lists each with what it answers). Every refusal is
    /// counted in `switchboard_limit_refusals_total{limit}`.
    public struct Limits: Sendable, Equatable {
        /// Rooms with at least one participant, server-wide.
        public var maxRooms = 1_000
        /// Participants in rooms, server-wide (per room: `rooms.max_participants`).
        public var maxParticipants = 2_000
        /// Open signaling WebSockets, server-wide and per source IP.
        public var maxConnections = 4_000
        public var maxConnectionsPerIP = 64
        /// `join` messages per source IP per minute.
        public var joinsPerMinutePerIP = 120
        /// Signaling messages per second per socket, with a burst allowance.
        public var messagesPerSecond = 20
        public var messageBurst = 50
        /// Seconds a socket may stay open without joining.
        public var joinTimeoutSeconds: Double = 10
        /// Published tracks per participant, and m-lines in one publish offer.
        public var maxTracksPerParticipant = 16
        public var maxMediaSectionsPerOffer = 16
        /// Rooms armed for recording (POST before anyone joined) at once.
        public var maxArmedRecordings = 64
        /// libsrtp streams one peer connection's inbound SRTP keeps (one per
        /// SSRC the peer sent); the oldest is dropped past it.
        public var maxSRTPStreamsPerSession = 32

        public init() {}

        mutating func read(_ r: inout SectionReader) throws {
            maxRooms = try r.positive("max_rooms", maxRooms)
            maxParticipants = try r.positive("max_participants", maxParticipants)
            maxConnections = try r.positive("max_connections", maxConnections)
            maxConnectionsPerIP = try r.positive("max_connections_per_ip", maxConnectionsPerIP)
            joinsPerMinutePerIP = try r.positive("joins_per_minute_per_ip", joinsPerMinutePerIP)
            messagesPerSecond = try r.positive("messages_per_second", messagesPerSecond)
            messageBurst = try r.positive("message_burst", messageBurst)
            joinTimeoutSeconds = try r.duration("join_timeout", joinTimeoutSeconds)
            guard joinTimeoutSeconds > 0 else { throw ConfigurationError(description: "limits.join_timeout must be positive") }
            maxTracksPerParticipant = try r.positive("max_tracks_per_participant", maxTracksPerParticipant)
            maxMediaSectionsPerOffer = try r.positive("max_media_sections_per_offer", maxMediaSectionsPerOffer)
            maxArmedRecordings = try r.positive("max_armed_recordings", maxArmedRecordings)
            maxSRTPStreamsPerSession = try r.positive("max_srtp_streams_per_session", maxSRTPStreamsPerSession)
        }
    }
}

extension SectionReader {
    /// An integer of at least 1: a limit of 0 would refuse everything.
    mutating func positive(_ key: String, _ fallback: Int) throws -> Int {
        let value = try int(key, fallback)
        guard value >= 1 else { throw ConfigurationError(description: "\(name).\(key) must be at least 1") }
        return value
    }
}
