import NIOCore

/// The per-endpoint state OpenSSL's callbacks reach through `BIO_get_data`
/// and `SSL_get_ex_data` (C callbacks capture nothing): the datagram being
/// read, the datagrams written, and what the verify, timer and info
/// callbacks need or report. Owned by its `DTLSEndpoint`, which outlives the
/// `SSL*` that points at it.
final class DTLSDatagramIO {
    /// The datagram OpenSSL reads next; one read takes all of it, so records
    /// of different datagrams are never merged.
    var inbound: ByteBuffer?
    /// Datagrams OpenSSL wrote, one per BIO write, in order.
    var outbound: [ByteBuffer] = []
    let allocator = ByteBufferAllocator()
    /// The link MTU, reported to OpenSSL's datagram queries.
    let mtu: Int
    /// The first retransmission timeout in microseconds, doubled on each expiry.
    let initialTimeoutMicroseconds: UInt32
    /// The fingerprint the peer's certificate must have.
    let expectedFingerprint: DTLSFingerprint
    /// Set by the verify callback when the peer's certificate hashed to
    /// something else.
    var rejectedFingerprint: DTLSFingerprint?
    /// The last alert the peer sent, and the last one this side sent.
    var receivedAlert: DTLSAlert?
    var sentAlert: DTLSAlert?

    init(mtu: Int, initialTimeoutMicroseconds: UInt32, expectedFingerprint: DTLSFingerprint) {
        self.mtu = mtu
        self.initialTimeoutMicroseconds = initialTimeoutMicroseconds
        self.expectedFingerprint = expectedFingerprint
    }

    /// Hands the written datagrams over and empties the queue.
    func takeOutbound() -> [ByteBuffer] {
        defer { outbound.removeAll(keepingCapacity: true) }
        return outbound
    }
}
