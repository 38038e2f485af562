import ICELite
import NIOCore
import STUN

/// One passive ICE-TCP connection (RFC 6544) on a worker's event loop. The
/// stream is cut into RFC 4571 frames; the first must be a Binding request
/// naming a peer of this worker and passing its ICE-lite agent, which binds
/// the connection to that peer (RFC 6544 §5: one connection, one pair).
/// From then on STUN, DTLS and SRTP frames go to that peer's receive path,
/// and the peer sends framed packets back here when ICE selects it.
///
/// Bounded: a first-frame, a partial-frame and an idle timer; writes past
/// the write-buffer mark are dropped and counted, never queued.
public final class ICETCPConnectionHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// The connection's peer address, once active.
    public private(set) var remoteAddress: SocketAddress?

    private weak var worker: MediaWorkerHandler?
    private let limiter: ICETCPConnectionLimiter
    private let configuration: ICETCPConfiguration
    private var decoder: ICETCPFrameDecoder
    private var context: ChannelHandlerContext?
    /// The IP admitted by the limiter (given back on close).
    private var admittedIP: String?
    private weak var peer: PeerTransport?
    private var firstFrameTimer: Scheduled<Void>?
    private var partialFrameTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lastFrameAt = NIODeadline.now()
    /// Since when a frame has been incomplete with no whole frame arriving.
    private var partialFrameSince: NIODeadline?
    private var flushScheduled = false
    /// Set by `close()`: frames still buffered are not handled any more.
    private var closing = false

    init(worker: MediaWorkerHandler, limiter: ICETCPConnectionLimiter, configuration: ICETCPConfiguration) {
        self.worker = worker
        self.limiter = limiter
        self.configuration = configuration
        self.decoder = ICETCPFrameDecoder(maxFrameLength: configuration.maxFrameBytes)
    }

    // MARK: - Channel events

    public func channelActive(context: ChannelHandlerContext) {
        self.context = context
        remoteAddress = context.channel.remoteAddress
        guard let worker, let ip = remoteAddress?.ipAddress else { return close() }
        if limiter.admit(ip) != nil { return close() }
        admittedIP = ip
        worker.connectionOpened(self)
        lastFrameAt = .now()
        firstFrameTimer = schedule(in: configuration.firstFrameTimeout) { connection in
            connection.worker?.tcpCounters.closedFirstFrameTimeout &+= 1
            connection.close()
        }
        armIdleTimer()
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        for timer in [firstFrameTimer, partialFrameTimer, idleTimer] { timer?.cancel() }
        firstFrameTimer = nil
        partialFrameTimer = nil
        idleTimer = nil
        if decoder.hasPartialFrame { worker?.tcpCounters.framingTruncated &+= 1 }
        if let admittedIP { limiter.release(admittedIP) }
        admittedIP = nil
        peer?.connectionDidClose(self)
        peer = nil
        worker?.connectionClosed(self)
        self.context = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let worker, admittedIP != nil, !closing else { return }
        var bytes = unwrapInboundIn(data)
        worker.tcpCounters.bytesReceived &+= UInt64(bytes.readableBytes)
        decoder.append(&bytes)
        let zeroLengthBefore = decoder.zeroLengthFrames
        defer { worker.tcpCounters.framingZeroLength &+= decoder.zeroLengthFrames &- zeroLengthBefore }
        var delivered = false
        while !closing {
            let frame: ByteBuffer?
            do { frame = try decoder.nextFrame() } catch {
                worker.tcpCounters.framingTooLong &+= 1
                return close()
            }
            guard let frame else { break }
            worker.tcpCounters.packetsReceived &+= 1
            delivered = true
            handle(frame, worker: worker)
        }
        if delivered { lastFrameAt = .now() }
        if !closing { armPartialFrameTimer(progressed: delivered) }
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or a read error ends this connection only.
        close()
    }

    // MARK: - Frames

    private func handle(_ frame: ByteBuffer, worker: MediaWorkerHandler) {
        let now = worker.clock.now
        guard let peer else { return bind(frame, worker: worker, now: now) }
        guard !peer.isClosed, let remoteAddress else { return close() }
        let kind = DatagramKind(classifying: frame)
        switch kind {
        case .stun:
            guard let message = try? STUNMessage(parsing: frame) else {
                worker.tcpCounters.framingUnknownKind &+= 1
                return
            }
            peer.handleSTUN(message, from: remoteAddress, over: .tcp(self), now: now)
        case .dtls:
            peer.handleDTLS(frame, from: .tcp(self), now: now)
        case .rtp, .rtcp:
            peer.handleSRTP(frame, isRTCP: kind == .rtcp)
        case .unknown:
            worker.tcpCounters.framingUnknownKind &+= 1
        }
    }

    /// The frames before binding: only Binding requests naming a peer of
    /// this worker. A check the peer's agent rejects is answered (on this
    /// connection) and the connection waits for a better one until the
    /// first-frame timer. So does a check naming no peer yet: a browser
    /// answering a subscribe offer connects and checks at once, often
    /// before its answer has made the peer, and does not connect again if
    /// this connection closes (RFC 8445 §7.3 early checks). Anything else
    /// closes it.
    private func bind(_ frame: ByteBuffer, worker: MediaWorkerHandler, now: NIODeadline) {
        guard DatagramKind(classifying: frame) == .stun, let message = try? STUNMessage(parsing: frame),
            message.type == .bindingRequest, let remoteAddress
        else {
            worker.tcpCounters.framingNotSTUNFirst &+= 1
            return close()
        }
        guard let ufrag = ICELiteAgent.routingUfrag(of: message), let candidate = worker.peer(forUfrag: String(ufrag))
        else {
            worker.tcpCounters.framingUnknownUfrag &+= 1
            return
        }
        candidate.handleSTUN(message, from: remoteAddress, over: .tcp(self), now: now)
        guard candidate.isCarried(by: self) else { return }
        peer = candidate
        worker.tcpCounters.connectionsBound &+= 1
        firstFrameTimer?.cancel()
        firstFrameTimer = nil
    }

    // MARK: - Sending

    /// Frames `datagram` and queues it; flushed once at the end of this
    /// event-loop tick. Dropped (and counted) while the socket's write
    /// buffer is above its mark: a slow reader loses packets, as on UDP.
    func send(_ datagram: ByteBuffer) {
        guard let context, let worker, !closing else { return }
        guard context.channel.isWritable else {
            worker.tcpCounters.packetsDroppedWriteBuffer &+= 1
            return
        }
        guard let frame = ICETCPFrameEncoder.frame(datagram, allocator: context.channel.allocator) else { return }
        worker.tcpCounters.packetsSent &+= 1
        worker.tcpCounters.bytesSent &+= UInt64(frame.readableBytes)
        context.write(wrapOutboundOut(frame), promise: nil)
        guard !flushScheduled else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [weak self] in
            guard let self else { return }
            self.flushScheduled = false
            self.context?.flush()
        }
    }

    /// The peer closed: what it last queued (close_notify) goes out, then
    /// the connection closes.
    func peerDidClose() {
        peer = nil
        context?.flush()
        close()
    }

    func close() {
        guard !closing else { return }
        closing = true
        context?.close(promise: nil)
    }

    // MARK: - Timers

    private func schedule(in delay: TimeAmount, _ body: @escaping (ICETCPConnectionHandler) -> Void) -> Scheduled<Void>? {
        guard let context else { return nil }
        return context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            if let self { body(self) }
        }
    }

    /// While a frame is incomplete, a timer that closes the connection when
    /// no whole frame arrived for `partialFrameTimeout`. A busy stream whose
    /// reads often end mid-frame keeps progressing and is never closed;
    /// the timer re-arms itself rather than being rescheduled per read.
    private func armPartialFrameTimer(progressed: Bool) {
        guard decoder.hasPartialFrame else {
            partialFrameSince = nil
            return
        }
        if progressed || partialFrameSince == nil { partialFrameSince = .now() }
        guard partialFrameTimer == nil, let since = partialFrameSince else { return }
        partialFrameTimer = schedule(in: since + configuration.partialFrameTimeout - .now()) { connection in
            connection.partialFrameTimer = nil
            guard let since = connection.partialFrameSince else { return }
            if NIODeadline.now() >= since + connection.configuration.partialFrameTimeout {
                connection.worker?.tcpCounters.closedPartialFrameTimeout &+= 1
                connection.close()
            } else {
                connection.armPartialFrameTimer(progressed: false)
            }
        }
    }

    /// Checks every `idleTimeout` whether a frame came meanwhile; one timer
    /// per connection, not one per frame.
    private func armIdleTimer() {
        idleTimer = schedule(in: configuration.idleTimeout) { connection in
            if NIODeadline.now() - connection.lastFrameAt >= connection.configuration.idleTimeout {
                connection.worker?.tcpCounters.closedIdle &+= 1
                connection.close()
            } else {
                connection.armIdleTimer()
            }
        }
    }
}
