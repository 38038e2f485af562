import COpenSSL
import NIOCore

/// One DTLS 1.2 association with one peer (one `SSL*`), as a state machine:
/// datagrams and timer expiries in, `DTLSAction`s out. No sockets, no
/// threads; the caller supplies the time.
///
/// Not Sendable: confine an endpoint to the event loop that owns its peer.
///
/// The retransmission timer is OpenSSL's: `nextTimeout` is `now` plus the
/// time OpenSSL reports left, and `handleTimeout(now:)` retransmits only once
/// OpenSSL's own clock says the timer expired (OpenSSL 3.0 takes no injected
/// clock; `DTLS_set_timer_cb` sets the durations, not the time source).
public final class DTLSEndpoint {
    /// Where the association stands.
    public enum State: Sendable, Hashable {
        /// Created; nothing sent or received yet.
        case idle
        /// Handshake flights in progress.
        case handshaking
        /// Handshake done and the peer's fingerprint verified.
        case connected
        /// Closed by either side with close_notify (or locally before connecting).
        case closed
        /// Ended by an error; the endpoint ignores further input.
        case failed(DTLSError)
    }

    /// This endpoint's handshake role.
    public let role: DTLSRole
    /// Where the association stands.
    public internal(set) var state: State = .idle
    /// When `handleTimeout(now:)` should next be called; nil when no
    /// retransmission timer runs.
    public internal(set) var nextTimeout: NIODeadline?
    /// The handshake result, once `connected`.
    public internal(set) var connectedInfo: DTLSConnectedInfo?
    /// Datagrams dropped before OpenSSL because their records did not tile
    /// them (`DTLSRecordFraming`).
    public private(set) var malformedDatagramsDropped = 0
    /// The shortest protected record the negotiated cipher can produce; set
    /// once connected (`protectedRecordMinimum()`).
    var minimumProtectedRecordLength = 0

    /// Kept so the `SSL_CTX` outlives this endpoint's `SSL*`.
    let context: DTLSContext
    /// SSL*, owned; it owns the datagram BIO.
    let ssl: OpaquePointer
    /// What the C callbacks reach; must outlive `ssl` (freed first in deinit).
    let io: DTLSDatagramIO

    /// The fingerprint the peer's certificate must have (from its SDP).
    public var expectedRemoteFingerprint: DTLSFingerprint { io.expectedFingerprint }
    /// The largest datagram this endpoint emits.
    public var mtu: Int { io.mtu }

    /// A new endpoint.
    /// - Parameters:
    ///   - remoteFingerprint: the peer's `a=fingerprint`; its hash function
    ///     is the one the peer certificate is hashed with.
    ///   - mtu: the largest datagram to emit, 256...4096: OpenSSL needs at
    ///     least 256, and gathers a flight in a 4096-byte buffer BIO that
    ///     would split records across writes past that.
    ///   - initialRetransmissionTimeout: the first handshake retransmission
    ///     timeout, doubled on each expiry (RFC 6347 §4.2.4.1 suggests 1 s).
    public init(
        context: DTLSContext,
        role: DTLSRole,
        remoteFingerprint: DTLSFingerprint,
        mtu: Int = 1200,
        initialRetransmissionTimeout: TimeAmount = .seconds(1)
    ) throws(DTLSError) {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard (256...4096).contains(mtu) else { throw .invalidMTU(mtu) }
        let microseconds = min(max(initialRetransmissionTimeout.nanoseconds / 1_000, 1_000), 60_000_000)
        let io = DTLSDatagramIO(
            mtu: mtu,
            initialTimeoutMicroseconds: UInt32(microseconds),
            expectedFingerprint: remoteFingerprint
        )
        guard let ssl = SSL_new(context.context) else {
            throw .openSSL(call: "SSL_new", reason: OpenSSLErrorQueue.reason(or: "allocation failed"))
        }
        guard let bio = DTLSDatagramBIO.make(io: io) else {
            SSL_free(ssl)
            throw .openSSL(call: "BIO_new", reason: OpenSSLErrorQueue.reason(or: "datagram BIO unavailable"))
        }
        // One BIO for both directions: SSL_set_bio takes its single reference.
        SSL_set_bio(ssl, bio, bio)
        guard SSL_set_ex_data(ssl, DTLSCallbacks.appDataIndex, Unmanaged.passUnretained(io).toOpaque()) == 1 else {
            SSL_free(ssl)
            throw .openSSL(call: "SSL_set_ex_data", reason: OpenSSLErrorQueue.reason(or: "ex_data failed"))
        }
        DTLS_set_timer_cb(ssl, DTLSCallbacks.timer)
        SSL_set_info_callback(ssl, DTLSCallbacks.info)
        switch role {
        case .client: SSL_set_connect_state(ssl)
        case .server: SSL_set_accept_state(ssl)
        }
        guard switchboard_DTLS_set_link_mtu(ssl, mtu) == 1 else {
            SSL_free(ssl)
            throw .invalidMTU(mtu)
        }
        self.role = role
        self.context = context
        self.ssl = ssl
        self.io = io
    }

    deinit {
        SSL_free(ssl)
    }

    /// Starts the handshake: a client sends its ClientHello flight; a server
    /// only starts waiting (it also starts on its first datagram).
    public func start(now: NIODeadline) -> [DTLSAction] {
        guard state == .idle else { return [] }
        return perform(now: now) { events in
            state = .handshaking
            advance(readCapacity: 0, into: &events)
        }
    }

    /// Handles one datagram the I/O layer classified as DTLS (RFC 7983: first
    /// byte 20...63). A datagram that is not whole records is dropped and
    /// counted; records that fail to authenticate are dropped silently
    /// (RFC 6347 §4.1.2.7); a fatal alert or handshake error ends the
    /// association with `.failed`.
    public func receive(datagram: ByteBuffer, now: NIODeadline) -> [DTLSAction] {
        switch state {
        case .closed, .failed: return []
        case .idle, .handshaking, .connected: break
        }
        guard DTLSRecordFraming.isWellFramed(datagram, minimumProtectedLength: minimumProtectedRecordLength) else {
            malformedDatagramsDropped += 1
            return []
        }
        return perform(now: now) { events in
            if state == .idle { state = .handshaking }
            io.inbound = datagram
            // A record's plaintext is never longer than its datagram.
            advance(readCapacity: max(datagram.readableBytes, 256), into: &events)
            // Whatever OpenSSL left unread goes with its datagram: never merged.
            io.inbound = nil
        }
    }

    /// Handles the retransmission timer (`DTLSv1_handle_timeout`): resends the
    /// last flight if OpenSSL's timer has expired, doubling the timeout.
    public func handleTimeout(now: NIODeadline) -> [DTLSAction] {
        switch state {
        case .idle, .closed, .failed: return []
        case .handshaking, .connected: break
        }
        return perform(now: now) { events in
            if switchboard_DTLSv1_handle_timeout(ssl) < 0 {
                fail(.retransmissionLimitReached, into: &events)
            }
        }
    }

    /// The largest application data record `send(applicationData:)` takes
    /// (the MTU less record overhead for the negotiated cipher); 0 before
    /// the handshake picked one.
    public var maxApplicationDataSize: Int { Int(DTLS_get_data_mtu(ssl)) }

    /// Encrypts application data as one record, returned as one datagram.
    public func send(applicationData: ByteBuffer) throws(DTLSError) -> [ByteBuffer] {
        guard state == .connected else { throw .notConnected }
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        let size = applicationData.readableBytes
        guard size > 0 else { return [] }
        let limit = DTLS_get_data_mtu(ssl)
        guard limit == 0 || size <= limit else { throw .applicationDataTooLarge(size: size, limit: limit) }
        let result = applicationData.withUnsafeReadableBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        guard result > 0 else {
            let error = failure(sslError: SSL_get_error(ssl, result))
            state = .failed(error)
            nextTimeout = nil
            io.outbound.removeAll()
            throw error
        }
        return io.takeOutbound()
    }

    /// Sends close_notify (RFC 5246 §7.2.1) and stops. Before the handshake
    /// completes OpenSSL cannot send it, so the endpoint just stops.
    public func close() -> [DTLSAction] {
        switch state {
        case .connected:
            return perform(now: nil) { _ in
                _ = SSL_shutdown(ssl)
                state = .closed
            }
        case .idle, .handshaking:
            state = .closed
            nextTimeout = nil
            return []
        case .closed, .failed:
            return []
        }
    }
}
