/// The outbound RTP sessions of one peer, one libsrtp2 session per SSRC.
///
/// libsrtp2 finds a packet's stream by walking its session's list of SSRC
/// streams (`srtp_stream_list_get`, linear). A subscriber's outbound
/// session holds a stream for every track it receives, and the walk grew
/// from 0.75% of a saturated server at 4 publishers to 2.9% at 12 (perf,
/// bench/saturate's room). A session made for one SSRC (`ssrc_specific`)
/// holds that stream only, and the SSRC's session is found by one compare
/// for a run of packets of one stream, a hash lookup otherwise. Past
/// `limit` SSRCs, the shared `ssrc_any_outbound` session takes the rest.
///
/// Keeps the master key for the peer's lifetime (libsrtp2 keeps the keys
/// derived from it as long).
final class SRTPOutboundStreams {
    let profile: SRTPProfile
    private let masterKey: SRTPMasterKey
    private let options: SRTPSession.Options
    let limit: Int
    private(set) var sessions: [UInt32: SRTPSession] = [:]
    private var lastSSRC: UInt32 = 0
    private var lastSession: SRTPSession?

    /// SSRCs with a session of their own; a subscriber to 80 publishers
    /// with simulcast and RTX stays below.
    static let defaultLimit = 256

    init(profile: SRTPProfile, masterKey: SRTPMasterKey, options: SRTPSession.Options, limit: Int) {
        self.profile = profile
        self.masterKey = masterKey
        self.options = options
        self.limit = limit
    }

    /// The session of `ssrc`, made on its first packet; nil past `limit`
    /// or when libsrtp2 cannot make one (then the shared session protects).
    @inline(__always)
    func session(for ssrc: UInt32) -> SRTPSession? {
        if let lastSession, lastSSRC == ssrc { return lastSession }
        let session = sessions[ssrc] ?? makeSession(for: ssrc)
        if let session {
            lastSSRC = ssrc
            lastSession = session
        }
        return session
    }

    private func makeSession(for ssrc: UInt32) -> SRTPSession? {
        guard sessions.count < limit else { return nil }
        var options = options
        options.ssrc = ssrc
        guard let session = try? SRTPSession(direction: .outbound, profile: profile, masterKey: masterKey, options: options)
        else { return nil }
        sessions[ssrc] = session
        return session
    }

    /// The counters of every per-SSRC session, summed.
    var counters: SRTPCounters {
        sessions.values.reduce(into: SRTPCounters()) { $0.add($1.counters) }
    }
}
