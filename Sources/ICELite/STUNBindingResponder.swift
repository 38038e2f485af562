import NIOCore
import STUN

/// The logic of the plain STUN endpoint (UDP 3478): answers Binding
/// requests with the source address (RFC 8489 §12, no authentication) and
/// ignores everything else. Pure logic with a caller-supplied clock; the
/// socket belongs to the I/O layer.
///
/// - A Binding request is answered with XOR-MAPPED-ADDRESS, plus
///   FINGERPRINT when the request had one (RFC 8489 §14.7), or with 420 and
///   UNKNOWN-ATTRIBUTES when it has comprehension-required attributes we do
///   not know (§6.3.1).
/// - Not STUN, responses, indications, other methods, a wrong FINGERPRINT:
///   ignored. RFC 3489 requests (no magic cookie) do not parse and are ignored.
/// - Each source IP (all its ports together, so changing ports does not
///   buy more) has a token bucket; answers over it are dropped. The table
///   of sources is capped (see `SourceRateLimiter`).
public struct STUNBindingResponder: Sendable {
    /// Rate limit and table size.
    public struct Configuration: Sendable, Hashable {
        /// Sustained answers per second per source IP.
        public var requestsPerSecond: Int
        /// Answers a source may get back to back after being idle.
        public var burst: Int
        /// Most source IPs tracked at once.
        public var maxSources: Int
        /// SOFTWARE to put in answers, if any.
        public var software: String?

        public init(requestsPerSecond: Int = 10, burst: Int = 20, maxSources: Int = 10_000, software: String? = nil) {
            self.requestsPerSecond = requestsPerSecond
            self.burst = burst
            self.maxSources = maxSources
            self.software = software
        }
    }

    /// Why a datagram got no answer.
    public enum IgnoreReason: Sendable, Hashable {
        /// Not a STUN message.
        case notSTUN
        /// STUN, but not a Binding request.
        case notBindingRequest
        /// FINGERPRINT present and wrong (RFC 8489 §7.3: not STUN).
        case badFingerprint
        /// The source's bucket is empty.
        case rateLimited
        /// The source is not an IP address.
        case unsupportedAddress
    }

    /// What to do with one datagram.
    public enum Outcome: Sendable, Hashable {
        /// Send these bytes back to the source.
        case reply(ByteBuffer)
        /// Send nothing.
        case ignored(IgnoreReason)
    }

    /// Counts of what the responder did.
    public struct Counters: Sendable, Hashable {
        /// Success responses sent.
        public var answered: UInt64 = 0
        /// 420 responses sent.
        public var unknownAttributeAnswers: UInt64 = 0
        public var notSTUN: UInt64 = 0
        public var notBindingRequest: UInt64 = 0
        public var badFingerprint: UInt64 = 0
        public var rateLimited: UInt64 = 0
        public var unsupportedAddress: UInt64 = 0
        /// Sources evicted from the full rate-limit table.
        public var evictions: UInt64 = 0

        public init() {}
    }

    public let configuration: Configuration
    public private(set) var counters = Counters()
    private var limiter: SourceRateLimiter<STUNAddress.IP>

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.limiter = SourceRateLimiter(
            ratePerSecond: configuration.requestsPerSecond, burst: configuration.burst,
            capacity: configuration.maxSources)
    }

    /// Source IPs currently tracked by the rate limit (at most `maxSources`).
    public var trackedSources: Int { limiter.count }

    /// Handles one datagram received from `source` at `now`.
    public mutating func handle(_ datagram: ByteBuffer, from source: SocketAddress, now: NIODeadline) -> Outcome {
        // The cheap header test first: most garbage stops here unparsed.
        guard STUNMessage.isLikelySTUN(datagram), let message = try? STUNMessage(parsing: datagram) else {
            return ignore(.notSTUN)
        }
        guard message.type == .bindingRequest else { return ignore(.notBindingRequest) }
        let fingerprint = message.checkFingerprint()
        guard fingerprint != .invalid else { return ignore(.badFingerprint) }
        guard let mapped = STUNAddress(source) else { return ignore(.unsupportedAddress) }
        // Only requests we would answer take a token: the limit is on answers.
        let allowed = limiter.allow(mapped.ip, now: Int64(clamping: now.uptimeNanoseconds))
        counters.evictions = limiter.evictions
        guard allowed else { return ignore(.rateLimited) }

        let withFingerprint = fingerprint == .valid
        if let response = STUNMessage.unknownAttributeResponse(to: message, software: configuration.software) {
            counters.unknownAttributeAnswers &+= 1
            return .reply(response.serialized(fingerprint: withFingerprint))
        }
        counters.answered &+= 1
        let response = STUNMessage.bindingSuccess(to: message, mappedAddress: mapped, software: configuration.software)
        return .reply(response.serialized(fingerprint: withFingerprint))
    }

    private mutating func ignore(_ reason: IgnoreReason) -> Outcome {
        switch reason {
        case .notSTUN: counters.notSTUN &+= 1
        case .notBindingRequest: counters.notBindingRequest &+= 1
        case .badFingerprint: counters.badFingerprint &+= 1
        case .rateLimited: counters.rateLimited &+= 1
        case .unsupportedAddress: counters.unsupportedAddress &+= 1
        }
        return .ignored(reason)
    }
}
