import NIOCore

/// Settings of the media workers and the peer transports they run.
public struct MediaTransportConfiguration: Sendable {
    /// Largest datagram sent; DTLS records are cut to fit (RFC 6347 §4.1.1).
    public var mtu: Int
    /// A peer with no valid ICE check for this long is closed (RFC 7675).
    public var consentTimeout: TimeAmount
    /// First DTLS handshake retransmission timeout, doubled on each expiry.
    public var dtlsInitialRetransmissionTimeout: TimeAmount
    /// A DTLS handshake not finished this long after the peer was created
    /// fails the peer: a peer that passed ICE but never completes DTLS must
    /// not hold resources until consent expires.
    public var dtlsHandshakeTimeout: TimeAmount
    /// Datagrams read per recvmmsg call.
    public var vectorReadCount: Int
    /// SRTP replay window for inbound packets. Video with NACK needs a window
    /// wider than libsrtp's 128 default: retransmissions arrive late.
    public var srtpReplayWindow: Int
    /// SSRC streams one peer's inbound SRTP session keeps (libsrtp2 clones
    /// one per authenticated SSRC); the oldest goes past this.
    public var maxSRTPStreams: Int
    /// SO_RCVBUF and SO_SNDBUF of the media sockets, bytes (0: the system's).
    public var socketBufferBytes: Int
    /// Datagrams a worker may hold for its socket, bytes: what one read
    /// batch sends waits here until the batch's sendmmsg, and whatever the
    /// kernel refuses then (its send buffer full) stays. Past this, sends
    /// are dropped and counted rather than queued without end.
    public var sendQueueBytes: Int

    public init(
        mtu: Int = 1200,
        consentTimeout: TimeAmount = .seconds(30),
        dtlsInitialRetransmissionTimeout: TimeAmount = .seconds(1),
        dtlsHandshakeTimeout: TimeAmount = .seconds(30),
        vectorReadCount: Int = 32,
        srtpReplayWindow: Int = 1024,
        maxSRTPStreams: Int = 32,
        socketBufferBytes: Int = 4 << 20,
        sendQueueBytes: Int = 16 << 20
    ) {
        self.mtu = mtu
        self.consentTimeout = consentTimeout
        self.dtlsInitialRetransmissionTimeout = dtlsInitialRetransmissionTimeout
        self.dtlsHandshakeTimeout = dtlsHandshakeTimeout
        self.vectorReadCount = vectorReadCount
        self.srtpReplayWindow = srtpReplayWindow
        self.maxSRTPStreams = maxSRTPStreams
        self.socketBufferBytes = socketBufferBytes
        self.sendQueueBytes = sendQueueBytes
    }
}
