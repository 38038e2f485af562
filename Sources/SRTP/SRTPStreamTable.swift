/// The SSRCs an `ssrc_any` session has streams for, oldest first, bounded.
///
/// libsrtp2 clones its template stream for every SSRC that authenticates
/// and never frees the clone; a peer that sends many SSRCs (a new-SSRC
/// flood with valid keys) would grow the session without bound. Past
/// `limit` the oldest stream is removed (`srtp_remove_stream`): a real
/// peer sends a handful of SSRCs, and one that comes back just starts a
/// fresh stream from the template.
struct SRTPStreamTable {
    let limit: Int
    private var ssrcs: [UInt32] = []
    private var last: UInt32?

    init(limit: Int) {
        self.limit = max(1, limit)
        ssrcs.reserveCapacity(min(self.limit, 64))
    }

    var count: Int { ssrcs.count }

    /// Notes a stream for `ssrc`; returns the SSRC whose stream must go to
    /// stay within the limit, if any.
    @inline(__always)
    mutating func record(_ ssrc: UInt32) -> UInt32? {
        if ssrc == last { return nil }
        last = ssrc
        if ssrcs.contains(ssrc) { return nil }
        ssrcs.append(ssrc)
        guard ssrcs.count > limit else { return nil }
        return ssrcs.removeFirst()
    }
}
