import NIOCore
import STUN

extension TURNServer {
    /// Credentials, lifetimes, quotas and the peer policy.
    public struct Configuration: Sendable {
        /// REALM (RFC 8489 §14.9) of the long-term credentials.
        public var realm: String
        /// The shared secret of the REST credentials (`TURNCredentials`).
        public var secret: [UInt8]
        /// How long a nonce is accepted before 438 Stale Nonce.
        public var nonceLifetime: TimeAmount
        /// Allocation lifetime when the client asks for less or none (RFC 8656 §7.2: 600 s).
        public var defaultLifetime: UInt32
        /// Longest allocation lifetime granted (3600 s).
        public var maxLifetime: UInt32
        /// Permission lifetime (RFC 8656 §9: 300 s).
        public var permissionLifetime: TimeAmount
        /// Channel binding lifetime (RFC 8656 §12: 600 s).
        public var channelLifetime: TimeAmount
        /// How long an expired channel's number and peer stay reserved (§12: 300 s).
        public var channelQuarantine: TimeAmount
        /// Most live allocations per participant (486 past it).
        public var maxAllocationsPerParticipant: Int
        /// Most live allocations in all (486 past it).
        public var maxAllocations: Int
        /// Bytes per second each allocation may relay, both ways together; nil for no limit.
        public var bandwidthBytesPerSecond: Int?
        /// Bytes an allocation may relay back to back; defaults to one second's worth.
        public var bandwidthBurstBytes: Int?
        /// Which peers allocations may reach.
        public var peerPolicy: TURNPeerPolicy
        /// SOFTWARE for responses, if any.
        public var software: String?

        public init(
            realm: String, secret: [UInt8], nonceLifetime: TimeAmount = .seconds(600),
            defaultLifetime: UInt32 = 600, maxLifetime: UInt32 = 3600,
            permissionLifetime: TimeAmount = .seconds(300), channelLifetime: TimeAmount = .seconds(600),
            channelQuarantine: TimeAmount = .seconds(300), maxAllocationsPerParticipant: Int = 8,
            maxAllocations: Int = 1000, bandwidthBytesPerSecond: Int? = nil, bandwidthBurstBytes: Int? = nil,
            peerPolicy: TURNPeerPolicy = TURNPeerPolicy(), software: String? = nil
        ) {
            self.realm = realm
            self.secret = secret
            self.nonceLifetime = nonceLifetime
            self.defaultLifetime = defaultLifetime
            self.maxLifetime = max(defaultLifetime, maxLifetime)
            self.permissionLifetime = permissionLifetime
            self.channelLifetime = channelLifetime
            self.channelQuarantine = channelQuarantine
            self.maxAllocationsPerParticipant = maxAllocationsPerParticipant
            self.maxAllocations = maxAllocations
            self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
            self.bandwidthBurstBytes = bandwidthBurstBytes
            self.peerPolicy = peerPolicy
            self.software = software
        }

        /// The lifetime granted for a requested one (RFC 8656 §7.2, §8):
        /// the default when absent or shorter, capped at the maximum.
        func grantedLifetime(requested: UInt32?) -> UInt32 {
            guard let requested else { return defaultLifetime }
            return min(max(requested, defaultLifetime), maxLifetime)
        }
    }
}
