import CSRTP

/// One libsrtp2 session (`srtp_t`) for one direction of one peer: an
/// outbound session protects what this endpoint sends, an inbound session
/// unprotects what it receives.
///
/// Not `Sendable`: a session is confined to the event loop of its peer, and
/// libsrtp2 sessions are not thread-safe. It frees the `srtp_t` in `deinit`.
public final class SRTPSession {
    /// Which packets the session handles.
    public enum Direction: Sendable, Hashable {
        /// Unprotects received packets (`ssrc_any_inbound`).
        case inbound
        /// Protects packets to send (`ssrc_any_outbound`).
        case outbound
    }

    /// Session settings beyond the profile and the key.
    public struct Options: Sendable, Hashable {
        /// SRTP replay window in packets (libsrtp2 accepts 64...32767); nil
        /// keeps libsrtp2's default of 128. Video with NACK wants ~1024 so
        /// that late retransmissions still pass. SRTCP's window is fixed.
        public var replayWindowSize: Int?
        /// Lets an outbound session protect the same RTP sequence number
        /// twice, for retransmissions without RTX. The payload must then be
        /// identical, or the keystream is reused (libsrtp2 `allow_repeat_tx`).
        public var allowRepeatTransmission: Bool
        /// Restricts the session to one SSRC (`ssrc_specific`); packets of
        /// other SSRCs fail with `.noContext`. nil accepts any SSRC.
        public var ssrc: UInt32?
        /// The most SSRC streams an inbound session keeps (`SRTPStreamTable`);
        /// nil leaves libsrtp2 unbounded.
        public var maxStreams: Int?

        /// Options; the defaults suit an inbound session for any SSRC.
        public init(
            replayWindowSize: Int? = nil, allowRepeatTransmission: Bool = false, ssrc: UInt32? = nil,
            maxStreams: Int? = nil
        ) {
            self.replayWindowSize = replayWindowSize
            self.allowRepeatTransmission = allowRepeatTransmission
            self.ssrc = ssrc
            self.maxStreams = maxStreams
        }
    }

    /// The direction the session was created for.
    public let direction: Direction
    /// The protection profile.
    public let profile: SRTPProfile
    /// Packet and failure counters, updated by every call.
    public internal(set) var counters = SRTPCounters()

    /// The libsrtp2 session; owned, freed in `deinit`.
    let context: srtp_t
    /// SSRC streams held, when bounded.
    var streams: SRTPStreamTable?

    /// Creates a session with replay protection on.
    public init(
        direction: Direction, profile: SRTPProfile, masterKey: SRTPMasterKey, options: Options = Options()
    ) throws(SRTPError) {
        try LibSRTP.ensureInitialised()
        guard masterKey.key.count == profile.masterKeyLength else {
            throw .badKeyingMaterialLength(expected: profile.masterKeyLength, actual: masterKey.key.count)
        }
        guard masterKey.salt.count == profile.masterSaltLength else {
            throw .badKeyingMaterialLength(expected: profile.masterSaltLength, actual: masterKey.salt.count)
        }
        var windowSize: UInt = 0  // 0 asks libsrtp2 for its default (128).
        if let requested = options.replayWindowSize {
            // The bounds srtp_stream_init checks; checked here to say so first.
            guard requested >= 64, requested < 0x8000 else { throw .badParameter }
            windowSize = UInt(requested)
        }

        var policy = srtp_policy_t()
        var status = srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile.libsrtpProfile)
        guard status == srtp_err_status_ok else {
            throw SRTPError(status: status, function: "srtp_crypto_policy_set_from_profile_for_rtp")
        }
        status = srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile.libsrtpProfile)
        guard status == srtp_err_status_ok else {
            throw SRTPError(status: status, function: "srtp_crypto_policy_set_from_profile_for_rtcp")
        }
        if let ssrc = options.ssrc {
            policy.ssrc.type = ssrc_specific
            policy.ssrc.value = ssrc
        } else {
            policy.ssrc.type = direction == .inbound ? ssrc_any_inbound : ssrc_any_outbound
        }
        policy.window_size = windowSize
        policy.allow_repeat_tx = options.allowRepeatTransmission ? 1 : 0
        policy.next = nil

        // libsrtp2 derives its session keys during srtp_create and keeps no
        // pointer to this buffer, which is wiped afterwards.
        var keyAndSalt = masterKey.concatenated
        var session: srtp_t?
        status = keyAndSalt.withUnsafeMutableBufferPointer { key in
            policy.key = key.baseAddress
            return srtp_create(&session, &policy)
        }
        for index in keyAndSalt.indices { keyAndSalt[index] = 0 }
        guard status == srtp_err_status_ok, let session else {
            throw SRTPError(status: status, function: "srtp_create")
        }
        self.direction = direction
        self.profile = profile
        self.context = session
        if direction == .inbound, options.ssrc == nil, let limit = options.maxStreams {
            streams = SRTPStreamTable(limit: limit)
        }
    }

    deinit {
        srtp_dealloc(context)
    }
}
