import Glibc
import ICELite
import Logging
import NIOCore
import NIOPosix
import STUN
import TURN

/// The TURN engine and every socket it speaks through, on one event loop:
/// client packets in, actions out to the client sockets and the relay
/// sockets (one UDP socket per allocation). The engine is a value type, so
/// it lives here and nowhere else. An expiry timer runs only while
/// allocations exist: an idle server does not wake.
final class TURNRelayHub {
    let eventLoop: any EventLoop
    let configuration: TURNEndpointConfiguration
    private(set) var engine: TURNServer
    var counters = TURNEndpointCounters()
    /// The UDP socket clients reach (also answers plain STUN Binding).
    var datagramChannel: (any Channel)?
    private var streams: [TURNFiveTuple: TURNStreamHandler] = [:]
    private var relays: [STUNAddress: any Channel] = [:]
    private var unflushed: [ObjectIdentifier: any Channel] = [:]
    private var flushScheduled = false
    private var expiryTask: Scheduled<Void>?
    private var expiryAt: NIODeadline?
    private let logger: Logger

    init(eventLoop: any EventLoop, configuration: TURNEndpointConfiguration, relayIP: STUNAddress.IP, logger: Logger) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.engine = TURNServer(
            configuration: configuration.server,
            relayPool: TURNRelayPool(ip: relayIP, ports: configuration.relayPorts))
        self.logger = logger
    }

    var streamCount: Int { streams.count }

    // MARK: - Events

    func fromClient(_ packet: ByteBuffer, fiveTuple: TURNFiveTuple) {
        perform(engine.handleFromClient(packet, fiveTuple: fiveTuple, now: .now(), unixTime: Int64(time(nil))))
    }

    func fromPeer(_ datagram: ByteBuffer, from peer: STUNAddress, to relay: STUNAddress) {
        perform(engine.handleFromPeer(datagram, from: peer, to: relay, now: .now()))
    }

    /// A TCP/TLS client connected: `stream` carries what is sent to it.
    func streamOpened(_ stream: TURNStreamHandler, fiveTuple: TURNFiveTuple) {
        streams[fiveTuple] = stream
        counters.streamsAccepted &+= 1
        counters.streamsOpen = streams.count
    }

    /// A TCP/TLS client went away: its allocation ends with it (RFC 8656 §3.1).
    func streamClosed(_ fiveTuple: TURNFiveTuple) {
        guard streams.removeValue(forKey: fiveTuple) != nil else { return }
        counters.streamsOpen = streams.count
        perform(engine.clientDisconnected(fiveTuple))
    }

    // MARK: - Actions

    /// Carries out `actions` in order. An `openRelay` holds back the rest
    /// (the Allocate success) until the socket is bound: a client never
    /// learns a relayed address that does not exist.
    func perform(_ actions: [TURNAction]) {
        for (index, action) in actions.enumerated() {
            switch action {
            case .sendToClient(let bytes, let fiveTuple):
                sendToClient(bytes, fiveTuple: fiveTuple)
            case .sendToPeer(let bytes, let peer, let relay):
                guard let channel = relays[relay], let address = SocketAddress(peer) else {
                    counters.relayNotReady &+= 1
                    continue
                }
                write(AddressedEnvelope(remoteAddress: address, data: bytes), to: channel)
            case .releaseRelay(let relay):
                relays.removeValue(forKey: relay)?.close(promise: nil)
                counters.relaysOpen = relays.count
            case .openRelay(let relay, let fiveTuple):
                openRelay(relay, fiveTuple: fiveTuple, then: Array(actions[(index + 1)...]))
                scheduleExpiry()
                return
            }
        }
        scheduleExpiry()
    }

    private func sendToClient(_ bytes: ByteBuffer, fiveTuple: TURNFiveTuple) {
        if fiveTuple.transport == .udp {
            guard let channel = datagramChannel, let address = SocketAddress(fiveTuple.client) else { return }
            write(AddressedEnvelope(remoteAddress: address, data: bytes), to: channel)
        } else {
            streams[fiveTuple]?.send(bytes)
        }
    }

    private func openRelay(_ relay: STUNAddress, fiveTuple: TURNFiveTuple, then rest: [TURNAction]) {
        let handler = NIOLoopBound(TURNRelayHandler(hub: self, relay: relay), eventLoop: eventLoop)
        let bound = DatagramBootstrap(group: eventLoop)
            .channelOption(.datagramVectorReadMessageCount, value: 8)
            .socketBuffers(configuration.socketBufferBytes)
            // NIO splits the read buffer evenly among the vector's messages.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 8 * maxDatagramSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
            .bind(host: configuration.relayBindHost, port: Int(relay.port))
        bound.assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let channel):
                // The allocation may have ended while the socket was binding.
                guard engine.relay(of: fiveTuple) == relay else {
                    channel.close(promise: nil)
                    return
                }
                relays[relay] = channel
                counters.relaysOpen = relays.count
                perform(rest)
            case .failure(let error):
                counters.relayBindFailures &+= 1
                logger.warning("TURN relay bind failed", metadata: ["relay": "\(relay)", "error": "\(error)"])
                perform(engine.relayFailed(relay, now: .now()))
            }
        }
    }

    // MARK: - Writes and flushes

    /// Queues a write; every channel written to is flushed once at the end
    /// of this loop tick, so a burst shares one sendmmsg.
    func write(_ envelope: AddressedEnvelope<ByteBuffer>, to channel: any Channel) {
        channel.write(envelope, promise: nil)
        markUnflushed(channel)
    }

    func markUnflushed(_ channel: any Channel) {
        unflushed[ObjectIdentifier(channel)] = channel
        guard !flushScheduled else { return }
        flushScheduled = true
        eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            let channels = Array(unflushed.values)
            unflushed.removeAll(keepingCapacity: true)
            for channel in channels { channel.flush() }
        }
    }

    // MARK: - Expiry

    /// Arms the timer for the engine's next deadline while allocations exist.
    private func scheduleExpiry() {
        guard engine.allocationCount > 0, let deadline = engine.nextDeadline else {
            expiryTask?.cancel()
            expiryTask = nil
            expiryAt = nil
            return
        }
        // Never sooner than 100 ms from now: a stale deadline must not spin.
        let at = max(deadline, .now() + .milliseconds(100))
        if let expiryAt, expiryTask != nil, expiryAt <= at { return }
        expiryTask?.cancel()
        expiryAt = at
        expiryTask = eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            expiryTask = nil
            expiryAt = nil
            perform(engine.expire(now: .now()))
        }
    }

    /// Closes every stream and relay (shutdown).
    func closeAll() {
        expiryTask?.cancel()
        expiryTask = nil
        for stream in Array(streams.values) { stream.close() }
        for relay in relays.values { relay.close(promise: nil) }
        relays.removeAll()
        counters.relaysOpen = 0
    }
}
