import ICELite
import NIOCore
import STUN
import TURN

/// One TCP or TLS client connection (RFC 8656 §3.1, §12.5): the byte
/// stream is cut into STUN messages and ChannelData frames for the engine.
/// A stream out of step, or one that leaves a frame incomplete past the
/// timeout, is closed; the close ends its allocation.
final class TURNStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private unowned let hub: TURNRelayHub
    private let transport: TURNTransport
    private var context: ChannelHandlerContext?
    private var fiveTuple: TURNFiveTuple?
    private var pending = ByteBuffer()
    private var stallTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?

    init(hub: TURNRelayHub, transport: TURNTransport) {
        self.hub = hub
        self.transport = transport
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        guard hub.streamCount < hub.configuration.maxStreamConnections,
            let client = context.channel.remoteAddress.flatMap({ STUNAddress($0) }),
            let server = context.channel.localAddress.flatMap({ STUNAddress($0) })
        else {
            hub.counters.streamsRefused &+= 1
            context.close(promise: nil)
            return
        }
        let fiveTuple = TURNFiveTuple(client: client, server: server, transport: transport)
        self.fiveTuple = fiveTuple
        hub.streamOpened(self, fiveTuple: fiveTuple)
        armIdleTimer()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stallTimer?.cancel()
        stallTimer = nil
        idleTimer?.cancel()
        idleTimer = nil
        self.context = nil
        if let fiveTuple { hub.streamClosed(fiveTuple) }
        fiveTuple = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let fiveTuple else { return }
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while true {
            switch TURNStreamFraming.nextFrame(in: pending) {
            case .needMoreBytes:
                return armStallTimer()
            case .invalid:
                hub.counters.streamsOutOfStep &+= 1
                return close()
            case .frame(let length):
                guard let frame = pending.readSlice(length: length) else { return armStallTimer() }
                stallTimer?.cancel()
                stallTimer = nil
                hub.fromClient(frame, fiveTuple: fiveTuple)
                guard self.fiveTuple != nil else { return }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if transport == .tls { hub.counters.tlsErrors &+= 1 }
        close()
    }

    /// Writes a message or frame to the client (flushed at the end of the tick).
    func send(_ bytes: ByteBuffer) {
        guard let context else { return }
        context.write(wrapOutboundOut(bytes), promise: nil)
        hub.markUnflushed(context.channel)
    }

    func close() {
        context?.close(promise: nil)
    }

    /// A connection is for an allocation: one that holds none when the
    /// timer fires (never made one, or it ended) is closed.
    private func armIdleTimer() {
        guard let context else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: hub.configuration.idleStreamTimeout) {
            [self] in
            idleTimer = nil
            guard let fiveTuple, hub.engine.relay(of: fiveTuple) == nil else { return armIdleTimer() }
            hub.counters.streamsIdle &+= 1
            close()
        }
    }

    /// While a frame is incomplete, a timer that closes the stream if it
    /// stays so; each complete frame disarms it.
    private func armStallTimer() {
        pending.discardReadBytes()
        guard pending.readableBytes > 0 else {
            stallTimer?.cancel()
            stallTimer = nil
            return
        }
        guard stallTimer == nil, let context else { return }
        stallTimer = context.eventLoop.assumeIsolated().scheduleTask(in: hub.configuration.partialFrameTimeout) {
            [self] in
            stallTimer = nil
            hub.counters.streamsStalled &+= 1
            close()
        }
    }
}
