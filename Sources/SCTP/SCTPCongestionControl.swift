/// cwnd and ssthresh (RFC 9260 §7.2): slow start, congestion avoidance,
/// and the reductions on fast retransmit and on timeout.
struct SCTPCongestionControl: Sendable {
    let mtu: Int
    private(set) var congestionWindow: Int
    private(set) var slowStartThreshold: Int
    private var partialBytesAcked = 0
    /// While set, fast recovery lasts until the cumulative ack reaches it (§7.2.4).
    private(set) var fastRecoveryExit: UInt32?

    init(mtu: Int, peerWindow: Int) {
        self.mtu = mtu
        // §7.2.1: min(4*MTU, max(2*MTU, 4380 bytes)); ssthresh = peer's a_rwnd.
        congestionWindow = min(4 * mtu, max(2 * mtu, 4380))
        slowStartThreshold = max(peerWindow, 2 * mtu)
    }

    /// `bytesAcked` newly acknowledged with the cumulative ack advancing to
    /// `cumulativeAck`; `flightSize` before the SACK.
    mutating func acknowledged(bytesAcked: Int, cumulativeAck: UInt32, advanced: Bool, flightSize: Int) {
        if let exit = fastRecoveryExit, exit.precedesOrEquals(cumulativeAck) { fastRecoveryExit = nil }
        guard advanced, fastRecoveryExit == nil, bytesAcked > 0 else { return }
        if congestionWindow <= slowStartThreshold {
            // §7.2.1: grow only when the window was in use.
            if flightSize + mtu >= congestionWindow { congestionWindow += min(bytesAcked, mtu) }
        } else {
            partialBytesAcked += bytesAcked
            if partialBytesAcked >= congestionWindow, flightSize + mtu >= congestionWindow {
                partialBytesAcked -= congestionWindow
                congestionWindow += mtu
            }
        }
    }

    /// Three missing reports (§7.2.4); `highestOutstanding` ends recovery.
    mutating func fastRetransmit(highestOutstanding: UInt32) {
        guard fastRecoveryExit == nil else { return }
        slowStartThreshold = max(congestionWindow / 2, 4 * mtu)
        congestionWindow = slowStartThreshold
        partialBytesAcked = 0
        fastRecoveryExit = highestOutstanding
    }

    /// The T3-rtx timer expired (§7.2.3).
    mutating func timedOut() {
        slowStartThreshold = max(congestionWindow / 2, 4 * mtu)
        congestionWindow = mtu
        partialBytesAcked = 0
        fastRecoveryExit = nil
    }
}
